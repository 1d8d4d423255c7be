package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.ServerAdminState;
import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * batch_mode with batch size 2 and long requests on one server of the first batch. Rolling (the
 * default): while that server drains, the others pass through the second place one after the
 * other, never more than two servers out of HAProxy at once. Lockstep: nothing else leaves until
 * the slow one is back. Through the real jar, a real HAProxy and real app processes under steady
 * traffic; no request fails and the long requests end on the release they started on.
 */
class RollingBatchIT {

    private static final int SLOW_MS = 7_000;
    private static final List<String> SERVERS = List.of("web_1", "web_2", "web_3", "web_4");

    @TempDir
    Path work;

    private LocalShop shop;

    @AfterEach
    void uninstall() {
        if (shop != null) {
            shop.uninstall();
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    @Test
    void rollingPassesOthersThroughWhileOneDrainsAndLockstepWaitsForIt() throws Exception {
        shop = LocalShop.install(work, 4);

        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(shop.frontend(), 20))) {
            traffic.start(Duration.ofMinutes(3));

            List<CompletableFuture<HttpResponse<String>>> slow = slowRequestsOnWeb1();
            Watch rolling = watch(rollout("2.0.0"));
            assertThat(rolling.exit).as(rolling.output).isZero();
            assertThat(rolling.output).contains("batch_mode rolling: never more than 2 out at once");
            assertThat(rolling.mostOut).as("servers out of HAProxy at once: " + rolling.whenMostOut + "\n" + rolling.output)
                    .isEqualTo(2);
            assertThat(rolling.othersOutWhileWeb1Drains).as("left while web_1 drained").contains("web_3", "web_4");
            endedOnTheirRelease(slow, "1.0.0");

            slow = slowRequestsOnWeb1();
            Watch lockstep = watch(rollout("3.0.0", "--batch-mode", "lockstep"));
            assertThat(lockstep.exit).as(lockstep.output).isZero();
            assertThat(lockstep.output).contains("batch_mode lockstep");
            assertThat(lockstep.mostOut).as(lockstep.whenMostOut).isLessThanOrEqualTo(2);
            assertThat(lockstep.othersOutWhileWeb1Drains).as("left while web_1 drained").doesNotContain("web_3", "web_4");
            endedOnTheirRelease(slow, "2.0.0");

            Thread.sleep(500);
            LoadReport report = traffic.stop();
            assertThat(report.sent()).isGreaterThan(50);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        assertThat(shop.servers()).containsOnlyKeys(SERVERS).allSatisfy((name, status) -> assertThat(status).startsWith("UP"));
    }

    @Test
    void withAServerDownMinServingHoldsRollingToOneOutAtATimeInsteadOfRefusing() throws Exception {
        shop = LocalShop.install(work, 4);
        // web_4 is in maintenance and not selected: min_serving 2 leaves room for one of the others out at a time
        new RuntimeApiClient(shop.adminSocket()).setServerState("webapp", "web_4", ServerAdminState.MAINT);

        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(shop.frontend(), 20))) {
            traffic.start(Duration.ofMinutes(3));
            Watch run = watch(rollout("2.0.0", "--min-serving", "2", "--instance-ids", "web_1,web_2,web_3"));

            assertThat(run.exit).as(run.output).isZero();
            assertThat(run.output).contains("web_1: upgraded (1.0.0 -> 2.0.0)", "web_2: upgraded (1.0.0 -> 2.0.0)",
                    "web_3: upgraded (1.0.0 -> 2.0.0)");
            assertThat(run.mostOut).as("web_4 and at most one other out at once: " + run.whenMostOut).isEqualTo(2);
            Thread.sleep(500);
            LoadReport report = traffic.stop();
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        assertThat(shop.servers()).containsEntry("web_4", "MAINT");
    }

    @Test
    void sigtermWhileTwoAreOutInDifferentStepsPutsBothBackAndARerunFinishes() throws Exception {
        shop = LocalShop.install(work, 4);

        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(shop.frontend(), 20))) {
            traffic.start(Duration.ofMinutes(3));
            List<CompletableFuture<HttpResponse<String>>> slow = slowRequestsOnWeb1();
            AgentProcess run = rollout("2.0.0");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<String, String> twoOut = null;
            while (twoOut == null && run.isAlive() && System.nanoTime() < deadline) {
                Map<String, String> status = shop.servers();
                if (String.valueOf(status.get("web_1")).startsWith("DRAIN")
                        && !String.valueOf(status.get("web_3")).startsWith("UP")) {
                    twoOut = status;
                }
                Thread.sleep(10);
            }
            assertThat(twoOut).as("web_1 draining while web_3 is out; output:\n" + run.output()).isNotNull();

            run.signal("TERM");
            int exit = run.waitFor(Duration.ofSeconds(60));

            assertThat(exit).as(run.output()).isEqualTo(4);
            assertThat(run.output()).contains("SIGTERM received").contains("every instance is back in the load balancer");
            assertThat(shop.servers()).containsOnlyKeys(SERVERS)
                    .allSatisfy((name, status) -> assertThat(status).startsWith("UP"));
            endedOnTheirRelease(slow, "1.0.0");

            AgentProcess again = rollout("2.0.0");
            assertThat(again.waitFor(Duration.ofMinutes(2))).as(run.output() + "\n--- the re-run:\n" + again.output()).isZero();
            assertThat(again.output()).contains("webapp_upgrade succeeded");
            Thread.sleep(500);
            LoadReport report = traffic.stop();
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        assertThat(shop.servers()).allSatisfy((name, status) -> assertThat(status).startsWith("UP"));
    }

    /** What HAProxy showed during a run, read every 20 ms. */
    private record Watch(int exit, String output, int mostOut, List<String> othersOutWhileWeb1Drains, String whenMostOut) {
    }

    private Watch watch(AgentProcess run) throws InterruptedException {
        int mostOut = 0;
        String whenMostOut = "";
        List<String> othersOut = new ArrayList<>();
        while (run.isAlive()) {
            Map<String, String> status = shop.servers();
            // "UP 1/3": serving, its checks' health not yet full after it was added back
            long serving = SERVERS.stream().filter(s -> String.valueOf(status.get(s)).startsWith("UP")).count();
            if (SERVERS.size() - serving > mostOut) {
                mostOut = (int) (SERVERS.size() - serving);
                whenMostOut = status.toString();
            }
            if (String.valueOf(status.get("web_1")).startsWith("DRAIN")) {
                for (String other : List.of("web_3", "web_4")) {
                    if (!String.valueOf(status.get(other)).startsWith("UP") && !othersOut.contains(other)) {
                        othersOut.add(other);
                    }
                }
            }
            Thread.sleep(20);
        }
        int exit = run.waitFor(Duration.ofMinutes(2));
        return new Watch(exit, run.output(), mostOut, othersOut, whenMostOut);
    }

    private AgentProcess rollout(String version, String... more) {
        List<String> args = new ArrayList<>(List.of(shop.rolloutArgs(version)));
        args.addAll(List.of("--batch-size", "2", "--drain-timeout", "60"));
        args.addAll(List.of(more));
        return shop.run("rollout", args.toArray(String[]::new));
    }

    /** Three long requests, all on web_1 (the first of the plan). */
    private List<CompletableFuture<HttpResponse<String>>> slowRequestsOnWeb1() {
        return shop.slowRequestsOn("web_1", 3, Duration.ofMillis(SLOW_MS));
    }

    private static void endedOnTheirRelease(List<CompletableFuture<HttpResponse<String>>> slow, String version)
            throws Exception {
        for (CompletableFuture<HttpResponse<String>> r : slow) {
            assertThat(r.get().statusCode()).isEqualTo(200);
            assertThat(r.get().body()).contains("version=" + version);
        }
    }
}
