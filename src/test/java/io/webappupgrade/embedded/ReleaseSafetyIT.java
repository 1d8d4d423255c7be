package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout --local} through the real jar, a real HAProxy and three real app processes under
 * 200 requests/s: a release that cannot be fetched is found before any instance leaves HAProxy,
 * and a stale process on an instance's port is never taken for the new release.
 */
class ReleaseSafetyIT {

    private static final List<String> SERVERS = List.of("web_1", "web_2", "web_3");

    @TempDir
    Path work;

    private Path topology;
    private int frontendPort;
    private final List<ProcessHandle> strays = new ArrayList<>();

    @AfterEach
    void uninstall() {
        for (ProcessHandle stray : strays) {
            stray.destroyForcibly();
            stray.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (topology != null) {
            AgentProcess.start("uninstall", "--local", topology.toString()).waitFor(Duration.ofMinutes(2));
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    private RuntimeApiClient install() throws Exception {
        return install("");
    }

    /** @param extraProperties more WebApp properties, as YAML flow entries starting with ", " */
    private RuntimeApiClient install(String extraProperties) throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        frontendPort = FreePort.onLoopback();
        topology = work.resolve("shop.yaml");
        Files.writeString(topology, """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {frontend_address: 127.0.0.1, frontend_port: %d, work_dir: %s, check_interval_ms: 500}
                  web:
                    type: webapp_upgrade.nodes.WebApp
                    instances: 3
                    properties: {version: '1.0.0', application_url: '%s', base_dir: %s, start_timeout: 10%s}
                    relationships:
                      - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
                """.formatted(frontendPort, work.resolve("haproxy"), v1, work.resolve("apps"), extraProperties));
        AgentProcess install = AgentProcess.start("install", "--local", topology.toString());
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isZero();
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
        await().atMost(Duration.ofSeconds(20)).until(() -> SERVERS.stream().allMatch(s -> state(haproxy, s).startsWith("UP")));
        return haproxy;
    }

    private LoadGenerator traffic() {
        return new LoadGenerator(new LoadProfile(URI.create("http://127.0.0.1:" + frontendPort + "/"), 200, 0.05,
                Duration.ofMillis(1000), Duration.ofSeconds(10)));
    }

    private static String state(RuntimeApiClient haproxy, String server) {
        return haproxy.server("webapp", server).map(StatRow::status).orElse("REMOVED");
    }

    /** Samples every server's HAProxy state every 50 ms while the run goes on. */
    private static final class StateWatch implements AutoCloseable {
        final Set<String> seen = new ConcurrentSkipListSet<>();
        private final Thread thread;

        StateWatch(RuntimeApiClient haproxy) {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (String server : SERVERS) {
                        try {
                            seen.add(server + " " + state(haproxy, server).split(" ")[0]);
                        } catch (RuntimeException e) {
                            seen.add(server + " unreadable: " + e.getMessage());
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "haproxy-state-watch");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
        }
    }

    private String[] rollout(String version, String url) {
        // The tests name the instances: batches go in the plan's order, not by the sessions the traffic leaves in flight.
        return new String[] {"rollout", "--local", topology.toString(), "--version", version, "--url", url,
            "--reports-dir", work.resolve("reports").toString(), "--drain-order", "planned"};
    }

    @Test
    void aMissingReleaseIsFoundBeforeAnyInstanceLeavesHaproxy() throws Exception {
        RuntimeApiClient haproxy = install();
        HttpServer releases = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        releases.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        releases.start();
        String missing = "http://127.0.0.1:" + releases.getAddress().getPort() + "/app-2.0.0.tar.gz";
        AgentProcess run;
        LoadReport report;
        Set<String> seen;
        try (LoadGenerator traffic = traffic(); StateWatch watch = new StateWatch(haproxy)) {
            traffic.start(Duration.ofMinutes(2));
            Thread.sleep(1000);
            run = AgentProcess.start(rollout("2.0.0", missing));
            int exit = run.waitFor(Duration.ofMinutes(2));
            assertThat(exit).as(run.output()).isEqualTo(1);
            Thread.sleep(1000);
            report = traffic.stop();
            seen = new TreeSet<>(watch.seen);
        } finally {
            releases.stop(0);
        }

        assertThat(run.output())
                .contains("web_1: prepare")
                .contains("prepare failed, so web_1 was never taken out of the load balancer")
                .contains("HTTP 404")
                .doesNotContain("web_1: unlink").doesNotContain("web_2: unlink").doesNotContain("web_3: unlink");
        assertThat(seen).as("HAProxy's view the whole time").containsExactlyInAnyOrder("web_1 UP", "web_2 UP", "web_3 UP");
        assertThat(report.sent()).isGreaterThan(300);
        assertThat(report.failures()).as(report.summary()).isEmpty();
        AgentProcess status = AgentProcess.start("status", "--local", topology.toString());
        assertThat(status.waitFor(Duration.ofMinutes(1))).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("web_1 +1\\.0\\.0").containsPattern("web_3 +1\\.0\\.0");
    }

    @Test
    void aTricklingReleaseServerIsCutOffByTheFetchDeadlineWhileEveryInstanceServes() throws Exception {
        RuntimeApiClient haproxy = install(", fetch_timeout: 2");
        HttpServer releases = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        releases.createContext("/", ex -> {
            // One byte every 2 s of a 100 KB archive: no read ever times out, the whole would take days.
            ex.sendResponseHeaders(200, 100_000);
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 30; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(2000);
                }
            } catch (java.io.IOException | InterruptedException e) {
                // the agent hung up: what the deadline is for
            }
        });
        releases.start();
        String trickle = "http://127.0.0.1:" + releases.getAddress().getPort() + "/app-2.0.0.tar.gz";
        AgentProcess run;
        LoadReport report;
        Set<String> seen;
        long started = System.nanoTime();
        try (LoadGenerator traffic = traffic(); StateWatch watch = new StateWatch(haproxy)) {
            traffic.start(Duration.ofMinutes(2));
            Thread.sleep(1000);
            run = AgentProcess.start(rollout("2.0.0", trickle));
            int exit = run.waitFor(Duration.ofMinutes(1));
            assertThat(exit).as(run.output()).isEqualTo(1);
            Thread.sleep(1000);
            report = traffic.stop();
            seen = new TreeSet<>(watch.seen);
        } finally {
            releases.stop(0);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
        assertThat(run.output())
                .contains("did not finish within its deadline of 2 s (fetch_timeout)")
                .contains("http://127.0.0.1:" + releases.getAddress().getPort() + "/app-2.0.0.tar.gz")
                .doesNotContain("web_1: unlink");
        assertThat(seen).as("HAProxy's view the whole time").containsExactlyInAnyOrder("web_1 UP", "web_2 UP", "web_3 UP");
        assertThat(report.failures()).as(report.summary()).isEmpty();
        try (var files = Files.walk(work.resolve("apps"))) {
            assertThat(files.map(Path::toString)).as("no partial download left")
                    .noneMatch(f -> f.endsWith(".part") || f.endsWith(".archive"));
        }
    }

    @Test
    void aStaleProcessOnAnInstancesPortIsRefusedAndKeepsServingWithNoFailedRequest() throws Exception {
        RuntimeApiClient haproxy = install();
        JsonNode web2 = new ObjectMapper().readTree(work.resolve("shop.state.json").toFile())
                .path("web_2").path("runtimeProperties");
        long appPid = web2.path("pid").asLong();
        int appPort = web2.path("port").asInt();
        Path releaseDir = Path.of(web2.path("release_dir").asText());
        // web_2's app dies uncleanly and a stale copy of release 1.0.0 takes its port, as an orphan
        // of an earlier run would: HAProxy's health check cannot tell them apart.
        ProcessHandle.of(appPid).orElseThrow().destroyForcibly();
        ProcessHandle.of(appPid).ifPresent(p -> p.onExit().join());
        ProcessBuilder orphanCommand = new ProcessBuilder("node", "server.js").directory(releaseDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        orphanCommand.environment().put("PORT", Integer.toString(appPort));
        orphanCommand.environment().put("HOST", "127.0.0.1");
        orphanCommand.environment().put("APP_VERSION", "1.0.0");
        ProcessHandle orphan = orphanCommand.start().toHandle();
        strays.add(orphan);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> state(haproxy, "web_2").startsWith("UP"));
        Path v2 = SampleRelease.of("2.0.0").writeTarGz(work.resolve("releases/app-2.0.0.tar.gz"));

        AgentProcess run;
        LoadReport report;
        try (LoadGenerator traffic = traffic()) {
            traffic.start(Duration.ofMinutes(2));
            Thread.sleep(1000);
            run = AgentProcess.start(rollout("2.0.0", v2.toUri().toString()));
            int exit = run.waitFor(Duration.ofMinutes(2));
            assertThat(exit).as(run.output()).isEqualTo(1);
            Thread.sleep(1000);
            report = traffic.stop();
        }

        assertThat(run.output())
                .contains("web_1: upgraded (1.0.0 -> 2.0.0)")
                .contains("the upgrade to 2.0.0 of app instance web_2 was refused before anything was stopped")
                .contains("port " + appPort + " on 127.0.0.1 is already in use by pid " + orphan.pid() + " (node server.js)");
        assertThat(orphan.isAlive()).as("the stale process was left alone").isTrue();
        assertThat(SERVERS).allSatisfy(s -> assertThat(state(haproxy, s)).startsWith("UP"));
        assertThat(report.sent()).isGreaterThan(300);
        assertThat(report.failures()).as(report.summary()).isEmpty();
    }
}
