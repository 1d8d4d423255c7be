package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.deployment.local.TopologyYaml;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import io.webappupgrade.webapp.PortListeners;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout --local}: a run killed (SIGKILL) while its third instance is out of HAProxy, then
 * started again with the same parameters, puts that instance back first and finishes the job,
 * with traffic flowing the whole time and not one request failed.
 */
class ResumeIT {

    @TempDir
    Path work;

    private Path topology;

    @AfterEach
    void uninstall() {
        if (topology != null) {
            AgentProcess.start("uninstall", "--local", topology.toString()).waitFor(Duration.ofMinutes(2));
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    private static String state(RuntimeApiClient haproxy, String server) {
        return haproxy.server("webapp", server).map(StatRow::status).orElse("REMOVED");
    }

    /**
     * Installs {@code instances} app instances of release 1.0.0 behind an HAProxy on {@code port};
     * returns the command line of their rollout to 2.0.0.
     */
    private String[] installed(int instances, int port) throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        URI v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri();
        topology = work.resolve("shop.yaml");
        TopologyYaml.named()
                .haproxy("lb", Map.of("frontend_address", "127.0.0.1", "frontend_port", port,
                        "work_dir", work.resolve("haproxy"), "check_interval_ms", 500))
                .webapps("web", instances, Map.of("version", "1.0.0", "application_url", v1,
                        "base_dir", work.resolve("apps"), "start_timeout", 10), "lb")
                .writeTo(topology);
        AgentProcess install = AgentProcess.start("install", "--local", topology.toString());
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isZero();
        // The tests kill the run at a named instance: batches go in the plan's order, not by the sessions in flight.
        return new String[] {"rollout", "--local", topology.toString(), "--version", "2.0.0", "--url", v2.toString(),
            "--reports-dir", work.resolve("reports").toString(), "--drain-order", "planned"};
    }

    @Test
    void aKilledRunStartedAgainFinishesWithNoFailedRequestAndNoServerLeftOut() throws Exception {
        int port = FreePort.onLoopback();
        String[] rollout = installed(4, port);
        try (LoadGenerator traffic = new LoadGenerator(new LoadProfile(URI.create("http://127.0.0.1:" + port + "/"),
                200, 0.05, Duration.ofMillis(1000), Duration.ofSeconds(10)))) {
            traffic.start(Duration.ofMinutes(4));
            Thread.sleep(1000);
            RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
            try (AgentProcess first = AgentProcess.start(rollout)) {
                first.awaitLine(l -> l.contains("web_2: upgraded (1.0.0 -> 2.0.0)"), Duration.ofMinutes(2));
                first.awaitLine(l -> l.contains("web_3: unlink"), Duration.ofMinutes(1));
                // Killed once HAProxy has begun taking web_3 out: draining, or already removed.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> !state(haproxy, "web_3").startsWith("UP"));
                first.kill();
            }
            Thread.sleep(500);
            assertThat(state(haproxy, "web_3")).as("nothing put web_3 back after the kill").matches("DRAIN.*|MAINT.*|REMOVED");

            AgentProcess second = AgentProcess.start(rollout);
            int exit = second.waitFor(Duration.ofMinutes(3));
            assertThat(exit).as(second.output()).isZero();
            assertThat(second.output())
                    .contains("web_3: putting back")
                    .contains("web_3: upgraded (1.0.0 -> 2.0.0)")
                    .contains("web_4: upgraded (1.0.0 -> 2.0.0)")
                    .contains("skip web_1: upgraded earlier")
                    .doesNotContain("web_1: unlink");
            Thread.sleep(1000);
            LoadReport report = traffic.stop();
            // The waits around the two runs alone are 2.5 s of 200 requests/s; the runs add more.
            assertThat(report.sent()).isGreaterThan(400);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        AgentProcess status = AgentProcess.start("status", "--local", topology.toString());
        assertThat(status.waitFor(Duration.ofMinutes(1))).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("web_1 +2\\.0\\.0").containsPattern("web_4 +2\\.0\\.0")
                .doesNotContain("OUT").doesNotContain("DISABLED");
    }

    /**
     * The run is killed while web_3 is out and its app is down too (a second Ctrl-C during a switch
     * back leaves it so): the re-run starts web_3's recorded release again before it puts it back,
     * rather than waiting on a health check that cannot pass.
     */
    @Test
    void aRunKilledWithTheOutInstancesAppDownStartsItAgainBeforePuttingItBack() throws Exception {
        int port = FreePort.onLoopback();
        String[] rollout = installed(3, port);
        try (LoadGenerator traffic = new LoadGenerator(new LoadProfile(URI.create("http://127.0.0.1:" + port + "/"),
                100, 0.0, Duration.ofMillis(0), Duration.ofSeconds(10)))) {
            traffic.start(Duration.ofMinutes(4));
            Thread.sleep(1000);
            RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
            try (AgentProcess first = AgentProcess.start(rollout)) {
                first.awaitLine(l -> l.contains("web_2: upgraded (1.0.0 -> 2.0.0)"), Duration.ofMinutes(2));
                first.awaitLine(l -> l.contains("web_3: unlink (lb_1) done"), Duration.ofMinutes(1));
                first.kill();
            }
            // web_3's app goes down with the run, whichever release it was at (one may still be starting)
            int appPort = ((Number) runtimeProperties("web_3").get("port")).intValue();
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) {
                LeftoverProcesses.under(work.resolve("apps/web_3")).forEach(p -> ProcessHandle.of(Long.parseLong(
                        p.substring(0, p.indexOf(' ')))).ifPresent(ProcessHandle::destroyForcibly));
                Thread.sleep(50);
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    PortListeners.system().holders(InetAddress.getLoopbackAddress(), appPort).isEmpty());
            assertThat(state(haproxy, "web_3")).as("web_3 is out").matches("DRAIN.*|MAINT.*|REMOVED");

            AgentProcess second = AgentProcess.start(rollout);
            int exit = second.waitFor(Duration.ofMinutes(3));
            assertThat(exit).as(second.output()).isZero();
            assertThat(second.output()).contains("web_3: putting back").contains("web_3: upgraded (1.0.0 -> 2.0.0)");
            await().atMost(Duration.ofSeconds(10)).until(() -> state(haproxy, "web_3").startsWith("UP"));
            Thread.sleep(500);
            LoadReport report = traffic.stop();
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        AgentProcess status = AgentProcess.start("status", "--local", topology.toString());
        assertThat(status.waitFor(Duration.ofMinutes(1))).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("web_3 +2\\.0\\.0").doesNotContain("OUT");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runtimeProperties(String instanceId) throws java.io.IOException {
        Map<String, Object> state = new ObjectMapper().readValue(work.resolve("shop.state.json").toFile(), Map.class);
        Map<String, Object> instance = (Map<String, Object>) state.get(instanceId);
        return (Map<String, Object>) instance.get("runtimeProperties");
    }
}
