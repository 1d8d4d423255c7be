package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety invariants of {@code rollout --local}, through the real jar as a user runs it, with a
 * real HAProxy, real app processes and a probe counting failed requests: the last serving server is
 * never taken out (min_serving), Ctrl-C and SIGTERM put the instance back and exit 4, a drain that
 * times out is cancelled, a misspelt lb_relationship or an unusable state is refused before anything
 * is drained.
 */
class SafetyIT {

    @TempDir
    Path work;

    private Path topology;
    private int frontend;
    private URI v2;
    private RuntimeApiClient haproxy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void uninstall() {
        if (topology != null) {
            AgentProcess.start("uninstall", "--local", topology.toString()).waitFor(Duration.ofMinutes(2));
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    private void install(int instances) throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri();
        frontend = FreePort.onLoopback();
        topology = work.resolve("shop.yaml");
        Files.writeString(topology, """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {frontend_address: 127.0.0.1, frontend_port: %d, work_dir: %s, check_interval_ms: 500}
                  web:
                    type: webapp_upgrade.nodes.WebApp
                    instances: %d
                    properties: {version: '1.0.0', application_url: '%s', base_dir: %s, start_timeout: 10}
                    relationships:
                      - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
                """.formatted(frontend, work.resolve("haproxy"), instances, v1, work.resolve("apps")));
        AgentProcess install = AgentProcess.start("install", "--local", topology.toString());
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isZero();
        haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
    }

    private String[] rollout(String... more) {
        // The tests name the instance a run reaches first: batches go in the plan's order, whatever is in flight.
        List<String> args = new ArrayList<>(List.of("rollout", "--local", topology.toString(), "--version", "2.0.0",
                "--url", v2.toString(), "--reports-dir", work.resolve("reports").toString(), "--drain-order", "planned"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private LoadGenerator probe() {
        LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(URI.create("http://127.0.0.1:" + frontend + "/"), 50));
        traffic.start(Duration.ofMinutes(4));
        return traffic;
    }

    private String status(String server) {
        return haproxy.server("webapp", server).map(StatRow::status).orElse("REMOVED");
    }

    private CompletableFuture<HttpResponse<String>> slowRequest(int millis) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/slow?ms=" + millis))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String lastJsonReport() throws Exception {
        try (Stream<Path> files = Files.list(work.resolve("reports"))) {
            Path newest = files.filter(p -> p.toString().endsWith(".json")).max(Path::compareTo).orElseThrow();
            return Files.readString(newest);
        }
    }

    @Test
    void theOnlyServerThatServesIsNotTakenOut() throws Exception {
        install(2);
        // An operator fault: web_2 is DOWN in HAProxy (its checks are off and its health forced down).
        haproxy.execute("disable health webapp/web_2");
        haproxy.execute("set server webapp/web_2 health down");
        await().atMost(Duration.ofSeconds(10)).until(() -> status("web_2").startsWith("DOWN"));

        AgentProcess dry = AgentProcess.start(rollout("--dry-run"));
        assertThat(dry.waitFor(Duration.ofMinutes(1))).as(dry.output()).isZero();
        assertThat(dry.output()).contains("min_serving 1: a batch leaves the load balancer only if at least 1 other"
                + " server(s) stay UP and READY in it");

        try (LoadGenerator traffic = probe()) {
            Thread.sleep(1000);
            AgentProcess run = AgentProcess.start(rollout());
            int exit = run.waitFor(Duration.ofMinutes(2));
            Thread.sleep(1000);
            LoadReport report = traffic.stop();

            assertThat(exit).as(run.output()).isEqualTo(5);
            assertThat(run.output()).contains("webapp_upgrade refused_min_serving: refused to take out batch 1 (web_1):"
                    + " load balancer lb_1 would have 0 server(s) UP and READY besides the batch, fewer than"
                    + " min_serving 1 (not serving: web_2 DOWN/READY). Nothing was taken out of the load balancer")
                    .doesNotContain("web_1: unlink");
            assertThat(status("web_1")).startsWith("UP");
            assertThat(report.sent()).isGreaterThan(50);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        assertThat(lastJsonReport()).contains("\"outcome\" : \"refused_min_serving\"").contains("\"min_serving\" : 1");

        haproxy.execute("enable health webapp/web_2");
        await().atMost(Duration.ofSeconds(15)).until(() -> status("web_2").startsWith("UP"));
        AgentProcess again = AgentProcess.start(rollout());
        assertThat(again.waitFor(Duration.ofMinutes(2))).as(again.output()).isZero();
    }

    @Test
    void ctrlCWhileDrainingCancelsTheDrainExits4AndTheRerunFinishes() throws Exception {
        install(2);
        try (LoadGenerator traffic = probe()) {
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(slowRequest(12_000));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> haproxy.server("webapp", "web_1")
                    .map(StatRow::currentSessions).orElse(0L) > 0);
            AgentProcess run = AgentProcess.start(rollout("--drain-timeout", "60"));
            run.awaitLine(l -> l.contains("web_1: unlink"), Duration.ofMinutes(1));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> status("web_1").startsWith("DRAIN"));

            run.signal("INT");
            int exit = run.waitFor(Duration.ofSeconds(30));

            assertThat(exit).as(run.output()).isEqualTo(4);
            assertThat(run.output()).contains("SIGINT received: stopping the current step")
                    .contains("webapp_upgrade cancelled: interrupted (web_1 (run interrupted during unlink; put back in"
                            + " the load balancer))");
            assertThat(status("web_1")).startsWith("UP");
            assertThat(status("web_2")).startsWith("UP");
            assertThat(lastJsonReport()).contains("\"outcome\" : \"cancelled\"").contains("\"status\" : \"interrupted\"");
            for (CompletableFuture<HttpResponse<String>> r : slow) {
                assertThat(r.get().statusCode()).isEqualTo(200);
                assertThat(r.get().body()).contains("version=1.0.0");
            }

            AgentProcess again = AgentProcess.start(rollout());
            assertThat(again.waitFor(Duration.ofMinutes(2))).as(again.output()).isZero();
            assertThat(again.output()).contains("web_1: upgraded (1.0.0 -> 2.0.0)").contains("web_2: upgraded");
            Thread.sleep(1000);
            LoadReport report = traffic.stop();
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
    }

    @Test
    void sigtermWhileFetchingStopsBeforeAnythingIsTakenOutAndExits4() throws Exception {
        install(2);
        byte[] archive = Files.readAllBytes(Path.of(v2));
        AtomicInteger requests = new AtomicInteger();
        HttpServer slowReleases = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowReleases.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream body = exchange.getResponseBody()) {
                for (byte b : archive) {
                    body.write(b);
                    body.flush();
                    Thread.sleep(50);
                }
            } catch (InterruptedException | java.io.IOException e) {
                // the client went away
            }
        });
        slowReleases.start();
        try (LoadGenerator traffic = probe()) {
            String slowUrl = "http://127.0.0.1:" + slowReleases.getAddress().getPort() + "/app-2.0.0.tar.gz";
            AgentProcess run = AgentProcess.start("rollout", "--local", topology.toString(), "--version", "2.0.0",
                    "--url", slowUrl, "--reports-dir", work.resolve("reports").toString(), "--drain-order", "planned");
            run.awaitLine(l -> l.contains("web_1: prepare"), Duration.ofMinutes(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> requests.get() == 1);
            Thread.sleep(500);

            run.signal("TERM");
            int exit = run.waitFor(Duration.ofSeconds(60));

            assertThat(exit).as(run.output()).isEqualTo(4);
            assertThat(run.output()).contains("SIGTERM received")
                    .contains("webapp_upgrade cancelled: interrupted (web_1 (run interrupted during prepare))")
                    .doesNotContain("web_1: unlink");
            assertThat(status("web_1")).startsWith("UP");
            assertThat(status("web_2")).startsWith("UP");
            Thread.sleep(1000);
            LoadReport report = traffic.stop();
            assertThat(report.versionsPerSecond().values()).allSatisfy(v -> assertThat(v).containsOnlyKeys("1.0.0"));
            assertThat(report.failures()).as(report.summary()).isEmpty();
        } finally {
            slowReleases.stop(0);
        }
        AgentProcess again = AgentProcess.start(rollout());
        assertThat(again.waitFor(Duration.ofMinutes(2))).as(again.output()).isZero();
    }

    @Test
    void sigtermWhileTheInstanceIsOutForItsUpgradePutsTheOldReleaseBackAndExits4() throws Exception {
        install(2);
        // A release that never answers its health check: the upgrade waits for it (start_timeout 10 s)
        // while web_1 is out of the load balancer, the moment the SIGTERM arrives.
        URI unhealthy = SampleRelease.of("2.0.0").unhealthy()
                .writeTarGz(work.resolve("releases/unhealthy-2.0.0.tar.gz")).toUri();
        try (LoadGenerator traffic = probe()) {
            AgentProcess run = AgentProcess.start("rollout", "--local", topology.toString(), "--version", "2.0.0",
                    "--url", unhealthy.toString(), "--reports-dir", work.resolve("reports").toString(),
                    "--drain-order", "planned");
            run.awaitLine(l -> l.contains("web_1: upgrade"), Duration.ofMinutes(1));
            Thread.sleep(1500);
            assertThat(status("web_1")).as("web_1 is out during its upgrade").isEqualTo("REMOVED");

            run.signal("TERM");
            int exit = run.waitFor(Duration.ofSeconds(60));

            assertThat(exit).as(run.output()).isEqualTo(4);
            assertThat(run.output()).contains("SIGTERM received")
                    .contains("webapp_upgrade cancelled: interrupted (web_1 (run interrupted during upgrade; put back in"
                            + " the load balancer))");
            assertThat(status("web_1")).startsWith("UP");
            assertThat(status("web_2")).startsWith("UP");
            Thread.sleep(1000);
            LoadReport report = traffic.stop();
            assertThat(report.sent()).isGreaterThan(100);
            assertThat(report.versionsPerSecond().values()).allSatisfy(v -> assertThat(v).containsOnlyKeys("1.0.0"));
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("version=1.0.0");
        AgentProcess again = AgentProcess.start(rollout());
        assertThat(again.waitFor(Duration.ofMinutes(2))).as(again.output()).isZero();
    }

    @Test
    void aSecondCtrlCExitsAtOnceAndSaysWhatMayBeOut() throws Exception {
        install(2);
        // A release that never gets healthy: web_1 is out while the upgrade waits for it. The first
        // Ctrl-C's wind-down restarts the old release, then puts web_1 back, waiting for HAProxy's
        // first passing check; the second Ctrl-C lands in that wait, while web_1 is still out.
        byte[] bad = Files.readAllBytes(SampleRelease.of("2.0.0").unhealthy()
                .writeTarGz(work.resolve("releases/unhealthy-2.0.0.tar.gz")));
        HttpServer releases = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        releases.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, bad.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bad);
            }
        });
        releases.start();
        String url = "http://127.0.0.1:" + releases.getAddress().getPort() + "/app-2.0.0.tar.gz";
        String[] rollout = {"rollout", "--local", topology.toString(), "--version", "2.0.0", "--url", url,
            "--reports-dir", work.resolve("reports").toString(), "--drain-order", "planned"};
        try {
            AgentProcess run = AgentProcess.start(rollout);
            run.awaitLine(l -> l.contains("web_1: upgrade"), Duration.ofMinutes(1));
            Thread.sleep(1500);
            run.signal("INT");
            run.awaitLine(l -> l.contains("SIGINT received"), Duration.ofSeconds(10));
            run.awaitLine(l -> l.endsWith("web_1: establish ..."), Duration.ofSeconds(30));
            run.signal("INT");
            int exit = run.waitFor(Duration.ofSeconds(20));

            assertThat(exit).as(run.output()).isEqualTo(3);
            assertThat(run.output()).contains("SIGINT again: exiting now without waiting; may be OUT of the load"
                    + " balancer: web_1; run the same command again to put it back")
                    .doesNotContain("webapp_upgrade cancelled");

            // The same command puts web_1 back first; its upgrade to the bad release then fails and
            // restores 1.0.0, as any failed upgrade does.
            AgentProcess again = AgentProcess.start(rollout);
            assertThat(again.waitFor(Duration.ofMinutes(2))).as(again.output()).isEqualTo(1);
            assertThat(again.output()).contains("web_1: putting back in the load balancer (left out by an interrupted run)")
                    .contains("restored to its previous release 1.0.0 (back in the load balancer)");
            assertThat(again.output().indexOf("web_1: establish (lb_1) done"))
                    .isGreaterThan(again.output().indexOf("web_1: putting back"))
                    .isLessThan(again.output().indexOf("batch 1/2: web_1"));
        } finally {
            releases.stop(0);
        }
        assertThat(status("web_1")).startsWith("UP");
        assertThat(status("web_2")).startsWith("UP");
        AgentProcess good = AgentProcess.start(rollout());
        assertThat(good.waitFor(Duration.ofMinutes(2))).as(good.output()).isZero();
    }

    @Test
    void aDrainThatTimesOutIsCancelledTheInstanceKeepsServingAndTheRunFails() throws Exception {
        install(2);
        try (LoadGenerator traffic = probe()) {
            CompletableFuture<HttpResponse<String>> a = slowRequest(15_000);
            CompletableFuture<HttpResponse<String>> b = slowRequest(15_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> haproxy.server("webapp", "web_1")
                    .map(StatRow::currentSessions).orElse(0L) > 0);
            AgentProcess run = AgentProcess.start(rollout("--drain-timeout", "2"));
            int exit = run.waitFor(Duration.ofMinutes(2));

            assertThat(exit).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("web_1: unlink (lb_1) FAILED")
                    .contains("session(s)")
                    .contains("the drain was cancelled: the server is READY again and keeps serving")
                    .contains("shutdown sessions server webapp/web_1")
                    .doesNotContain("web_1: upgrade");
            assertThat(status("web_1")).startsWith("UP");
            assertThat(status("web_2")).startsWith("UP");
            assertThat(a.get().statusCode()).isEqualTo(200);
            assertThat(b.get().statusCode()).isEqualTo(200);
            LoadReport report = traffic.stop();
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
    }

    @Test
    void aMisspeltLbRelationshipOrAnUnusableStateIsRefusedBeforeAnythingIsDrained() throws Exception {
        install(2);
        AgentProcess typo = AgentProcess.start(rollout("-p", "lb_relationship=acme.relationships.nope"));
        assertThat(typo.waitFor(Duration.ofMinutes(1))).as(typo.output()).isEqualTo(2);
        assertThat(typo.output()).contains("parameter 'lb_relationship' is 'acme.relationships.nope': no relationship"
                + " of this deployment has it in its type hierarchy")
                .contains("webapp_upgrade.relationships.behind_haproxy").doesNotContain("unlink");

        AgentProcess near = AgentProcess.start(rollout("--lb-relationship", "webapp_upgrade.relationships.behind_haproxi"));
        assertThat(near.waitFor(Duration.ofMinutes(1))).as(near.output()).isEqualTo(2);
        assertThat(near.output()).contains("did you mean 'webapp_upgrade.relationships.behind_haproxy'?");

        Path state = work.resolve("shop.state.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(state.toFile());
        ((ObjectNode) root.path("web_2").path("runtimeProperties")).remove("ip");
        json.writerWithDefaultPrettyPrinter().writeValue(state.toFile(), root);
        AgentProcess lost = AgentProcess.start(rollout());
        assertThat(lost.waitFor(Duration.ofMinutes(1))).as(lost.output()).isEqualTo(2);
        // The local state-file check answers before the engine's own (SafetyChecksTest covers that one).
        assertThat(lost.output()).contains("the state file " + state + " does not describe an installed deployment"
                + " shop: web_2 lacks the runtime properties [ip] an install records. Nothing was drained or changed")
                .contains("Run 'install --local " + topology + "'").doesNotContain("unlink");
        assertThat(status("web_1")).startsWith("UP");
        assertThat(status("web_2")).startsWith("UP");
        assertThat(Files.readString(state)).contains("\"app_version\" : \"1.0.0\"");
    }
}
