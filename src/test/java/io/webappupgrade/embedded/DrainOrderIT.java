package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.ServerAdminState;
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

    private Path topology;
    private int frontend;
    private RuntimeApiClient haproxy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void uninstall() {
        if (topology != null) {
            AgentProcess.start("uninstall", "--local", topology.toString()).waitFor(Duration.ofMinutes(2));
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    @Test
    void theBusyServerGoesLastByDefaultAndInItsPlannedTurnWhenAsked() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        frontend = FreePort.onLoopback();
        topology = work.resolve("shop.yaml");
        Files.writeString(topology, """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {frontend_address: 127.0.0.1, frontend_port: %d, work_dir: %s}
                  web:
                    type: webapp_upgrade.nodes.WebApp
                    instances: 3
                    properties: {version: '1.0.0', application_url: '%s', base_dir: %s, start_timeout: 10}
                    relationships:
                      - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
                """.formatted(frontend, work.resolve("haproxy"), v1, work.resolve("apps")));
        AgentProcess install = AgentProcess.start("install", "--local", topology.toString());
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isZero();
        haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));

        try (LoadGenerator traffic = new LoadGenerator(
                LoadProfile.steady(URI.create("http://127.0.0.1:" + frontend + "/"), 20))) {
            traffic.start(Duration.ofMinutes(3));

            List<CompletableFuture<HttpResponse<String>>> slow = slowRequestsOn("web_1");
            AgentProcess byDefault = rollout(releases, "2.0.0");
            assertThat(byDefault.waitFor(Duration.ofMinutes(2))).as(byDefault.output()).isZero();
            // web_2 and web_3 are idle but for the steady traffic's short requests: either may go first
            assertThat(upgradeOrder(byDefault.output(), "2.0.0")).hasSize(3).endsWith("web_1");
            assertThat(byDefault.output()).contains("drain_order fewest_sessions").doesNotContain("batch 1/3: web_1");
            for (CompletableFuture<HttpResponse<String>> r : slow) {
                assertThat(r.get().statusCode()).isEqualTo(200);
                assertThat(r.get().body()).contains("version=1.0.0");
            }

            slow = slowRequestsOn("web_1");
            AgentProcess planned = rollout(releases, "3.0.0", "--drain-order", "planned");
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

    /** Three long requests through HAProxy, all on {@code server}: the others are in maintenance while they are sent. */
    private List<CompletableFuture<HttpResponse<String>>> slowRequestsOn(String server) {
        List<String> others = new ArrayList<>(List.of("web_1", "web_2", "web_3"));
        others.remove(server);
        others.forEach(o -> haproxy.setServerState("webapp", o, ServerAdminState.MAINT));
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                slow.add(http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + frontend + "/slow?ms=" + SLOW_MS))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sessions(server) >= 3);
        } finally {
            others.forEach(o -> haproxy.setServerState("webapp", o, ServerAdminState.READY));
        }
        return slow;
    }

    private AgentProcess rollout(Path releases, String version, String... more) throws Exception {
        URI url = SampleRelease.of(version).writeTarGz(releases.resolve("app-" + version + ".tar.gz")).toUri();
        List<String> args = new ArrayList<>(List.of("rollout", "--local", topology.toString(), "--version", version,
                "--url", url.toString(), "--drain-timeout", "60", "--reports-dir", work.resolve("reports").toString()));
        args.addAll(List.of(more));
        return AgentProcess.start(args.toArray(String[]::new));
    }

    private static List<String> upgradeOrder(String output, String version) {
        return output.lines().filter(l -> l.contains(": upgraded (") && l.contains("-> " + version + ")"))
                .map(l -> l.replaceAll("^.*?(web_\\d+): upgraded.*$", "$1")).toList();
    }

    private long sessions(String server) {
        return haproxy.server("webapp", server).map(StatRow::currentSessions).orElse(0L);
    }
}
