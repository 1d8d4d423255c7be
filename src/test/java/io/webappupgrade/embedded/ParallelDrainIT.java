package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instances of a batch leave the load balancer together: with batch size 2 and slow requests
 * in flight on every server, HAProxy shows two servers in DRAIN at the same moment (one read of
 * its state), and no request fails. Through the real jar, a real HAProxy and real app processes.
 */
class ParallelDrainIT {

    private static final int SLOW_MS = 5_000;

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

    @Test
    void bothInstancesOfABatchAreInDrainAtTheSameMomentAndNoRequestFails() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        URI v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri();
        int frontend = FreePort.onLoopback();
        topology = work.resolve("shop.yaml");
        Files.writeString(topology, """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {frontend_address: 127.0.0.1, frontend_port: %d, work_dir: %s, check_interval_ms: 500}
                  web:
                    type: webapp_upgrade.nodes.WebApp
                    instances: 3
                    properties: {version: '1.0.0', application_url: '%s', base_dir: %s, start_timeout: 10}
                    relationships:
                      - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
                """.formatted(frontend, work.resolve("haproxy"), v1, work.resolve("apps")));
        AgentProcess install = AgentProcess.start("install", "--local", topology.toString());
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isZero();
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        try (LoadGenerator traffic = new LoadGenerator(
                LoadProfile.steady(URI.create("http://127.0.0.1:" + frontend + "/"), 50))) {
            traffic.start(Duration.ofMinutes(3));
            // Round robin spreads these over the three servers: each holds some, whichever two the batch takes.
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                slow.add(http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + frontend + "/slow?ms=" + SLOW_MS))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sessions(haproxy, "web_1") > 0
                    && sessions(haproxy, "web_2") > 0 && sessions(haproxy, "web_3") > 0);

            AgentProcess run = AgentProcess.start(Map.of("WEBAPP_UPGRADE_LOG_LEVEL", "info"),
                    "rollout", "--local", topology.toString(), "--version", "2.0.0",
                    "--url", v2.toString(), "--batch-size", "2", "--drain-timeout", "60",
                    "--reports-dir", work.resolve("reports").toString());
            Map<String, String> together = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (together == null && run.isAlive() && System.nanoTime() < deadline) {
                Map<String, String> status = haproxy.showStat("webapp").stream()
                        .collect(Collectors.toMap(StatRow::name, StatRow::status));
                if (status.values().stream().filter(st -> st.startsWith("DRAIN")).count() == 2) {
                    together = status;
                }
                Thread.sleep(20);
            }
            int exit = run.waitFor(Duration.ofMinutes(2));

            assertThat(together).as("one read of HAProxy's state with two servers in DRAIN; output:\n"
                    + run.output()).isNotNull();
            assertThat(together.values()).filteredOn(st -> st.startsWith("UP")).hasSize(1);
            assertThat(exit).as(run.output()).isZero();
            assertThat(run.output()).contains("web_1: upgraded (1.0.0 -> 2.0.0)")
                    .contains("web_2: upgraded (1.0.0 -> 2.0.0)").contains("web_3: upgraded (1.0.0 -> 2.0.0)");
            // The report is written while the outcome is printed, and is there when the command has exited.
            assertThat(run.output()).contains("webapp_upgrade succeeded").containsPattern("report written in \\d+ ms");
            run.output().lines().filter(l -> l.contains("report written in")).forEach(System.out::println);
            try (java.util.stream.Stream<Path> reports = Files.list(work.resolve("reports"))) {
                assertThat(reports.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.endsWith(".html")).anyMatch(n -> n.endsWith(".json"));
            }
            for (CompletableFuture<HttpResponse<String>> r : slow) {
                assertThat(r.get().statusCode()).isEqualTo(200);
            }
            Thread.sleep(1000);
            LoadReport report = traffic.stop();
            assertThat(report.sent()).isGreaterThan(50);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        // Both drains wrote the load balancer's runtime properties at once: the last word is the true set.
        JsonNode backends = new ObjectMapper().readTree(work.resolve("shop.state.json").toFile())
                .path("lb_1").path("runtimeProperties").path("backends");
        for (String web : List.of("web_1", "web_2", "web_3")) {
            assertThat(backends.path(web).path("enabled").asBoolean()).as(backends.toString()).isTrue();
        }
    }

    private static long sessions(RuntimeApiClient haproxy, String server) {
        return haproxy.server("webapp", server).map(StatRow::currentSessions).orElse(0L);
    }
}
