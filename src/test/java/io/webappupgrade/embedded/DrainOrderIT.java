package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default drain order: with long requests in flight on one server only, a rollout of batch
 * size 1 takes the idle servers first and that one last, and its requests end normally. With
 * {@code --drain-order planned} the same fleet goes in the plan's order. Through the real jar, a
 * real HAProxy and real app processes under steady traffic; no request fails.
 */
class DrainOrderIT {

    private static final int SLOW_MS = 8_000;

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
    void theBusyServerGoesLastByDefaultAndInItsPlannedTurnWhenAsked() throws Exception {
        shop = LocalShop.install(work, 3);

        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(shop.frontend(), 20))) {
            traffic.start(Duration.ofMinutes(3));

            List<CompletableFuture<HttpResponse<String>>> slow = slowRequestsOn("web_1");
            AgentProcess byDefault = rollout("2.0.0");
            assertThat(byDefault.waitFor(Duration.ofMinutes(2))).as(byDefault.output()).isZero();
            // web_2 and web_3 are idle but for the steady traffic's short requests: either may go first
            assertThat(upgradeOrder(byDefault.output(), "2.0.0")).hasSize(3).endsWith("web_1");
            assertThat(byDefault.output()).contains("drain_order fewest_sessions").doesNotContain("batch 1/3: web_1");
            for (CompletableFuture<HttpResponse<String>> r : slow) {
                assertThat(r.get().statusCode()).isEqualTo(200);
                assertThat(r.get().body()).contains("version=1.0.0");
            }

            slow = slowRequestsOn("web_1");
            AgentProcess planned = rollout("3.0.0", "--drain-order", "planned");
            assertThat(planned.waitFor(Duration.ofMinutes(2))).as(planned.output()).isZero();
            assertThat(upgradeOrder(planned.output(), "3.0.0")).containsExactly("web_1", "web_2", "web_3");
            for (CompletableFuture<HttpResponse<String>> r : slow) {
                assertThat(r.get().statusCode()).isEqualTo(200);
            }

            Thread.sleep(500);
            LoadReport report = traffic.stop();
            assertThat(report.sent()).isGreaterThan(50);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
    }

    private List<CompletableFuture<HttpResponse<String>>> slowRequestsOn(String server) {
        return shop.slowRequestsOn(server, 3, Duration.ofMillis(SLOW_MS));
    }

    private AgentProcess rollout(String version, String... more) {
        List<String> args = new ArrayList<>(List.of("--version", version, "--url", shop.release(version).toString(),
                "--drain-timeout", "60", "--reports-dir", work.resolve("reports").toString()));
        args.addAll(List.of(more));
        return shop.run("rollout", args.toArray(String[]::new));
    }

    private static List<String> upgradeOrder(String output, String version) {
        return output.lines().filter(l -> l.contains(": upgraded (") && l.contains("-> " + version + ")"))
                .map(l -> l.replaceAll("^.*?(web_\\d+): upgraded.*$", "$1")).toList();
    }
}
