package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification window of {@code rollout --local} through the real jar, a real HAProxy and real
 * app processes: a release that passes its health check but fails a fifth of its requests is
 * caught in its window and rolled back; a good release passes; a release three times slower trips
 * the latency rule; a window without traffic is "not enough traffic"; the window's counters in the
 * summary are HAProxy's own {@code show stat} deltas.
 */
class CanaryAnalysisIT {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private void install(int instances, SampleRelease old, SampleRelease next) throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = old.writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        v2 = next.writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri();
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
        // The tests name the canary: batches go in the plan's order, not by the sessions the traffic leaves in flight.
        List<String> args = new ArrayList<>(List.of("rollout", "--local", topology.toString(), "--version", "2.0.0",
                "--url", v2.toString(), "--reports-dir", work.resolve("reports").toString(), "--drain-order", "planned"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private LoadGenerator traffic(int perSecond) {
        LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(URI.create("http://127.0.0.1:" + frontend + "/"),
                perSecond));
        traffic.start(Duration.ofMinutes(4));
        return traffic;
    }

    private JsonNode lastJsonReport() throws Exception {
        try (Stream<Path> files = Files.list(work.resolve("reports"))) {
            Path newest = files.filter(p -> p.toString().endsWith(".json")).max(Path::compareTo).orElseThrow();
            return JSON.readTree(Files.readString(newest)).get("summary");
        }
    }

    @Test
    void aCanaryThatFailsAFifthOfItsRequestsIsRolledBackWithinItsWindow() throws Exception {
        install(3, SampleRelease.of("1.0.0"), SampleRelease.of("2.0.0").failingEvery(5));
        try (LoadGenerator load = traffic(40)) {
            Thread.sleep(1000);
            AgentProcess run = AgentProcess.start(rollout("--verify-seconds", "6", "--max-error-rate", "0.05"));
            int exit = run.waitFor(Duration.ofMinutes(2));
            Thread.sleep(1000);
            LoadReport report = load.stop();

            assertThat(exit).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("verification window of 6 s started")
                    .contains("batch 1 verifying: new release")
                    // Every fifth request fails, but the window's count starts wherever that cycle stands: 15-25%.
                    .containsPattern("webapp_upgrade rolled_back: batch 1 \\(web_1\\) failed verification: error rate"
                            + " \\(hrsp_5xx \\+ eresp \\+ econ\\) of the new release (1[5-9]|2[0-5])\\.\\d% \\(\\d+ of \\d+\\) against"
                            + " baseline 0\\.0% \\(0 of \\d+\\), above max_error_rate 5\\.0%; rolled back: web_1")
                    .doesNotContain("unlink web_2").doesNotContain("web_2: unlink");
            JsonNode window = lastJsonReport().get("analyses").get(0);
            assertThat(window.get("verdict").asText()).isEqualTo("error_rate");
            assertThat(window.get("canary").get("servers").toString()).isEqualTo("[\"web_1\"]");
            assertThat(window.get("baseline").get("servers").toString()).isEqualTo("[\"web_2\",\"web_3\"]");
            long canaryFailed = window.get("canary").get("hrsp5xx").asLong();
            assertThat(canaryFailed).isPositive();
            // What the users saw: the new release's 500s (the cost of learning) and no other failure.
            assertThat(report.failures()).as(report.summary()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.status() + " " + f.version()).isEqualTo("500 2.0.0"));
            for (String server : List.of("web_1", "web_2", "web_3")) {
                assertThat(haproxy.server("webapp", server).map(StatRow::status).orElse("REMOVED")).startsWith("UP");
            }
        }
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("version=1.0.0");
        }
    }

    @Test
    void aGoodReleasePassesEveryWindowAndTheRolloutCompletes() throws Exception {
        install(2, SampleRelease.of("1.0.0"), SampleRelease.of("2.0.0"));
        try (LoadGenerator load = traffic(40)) {
            Thread.sleep(1000);
            AgentProcess run = AgentProcess.start(rollout("--verify-seconds", "3"));
            int exit = run.waitFor(Duration.ofMinutes(2));
            LoadReport report = load.stop();

            assertThat(exit).as(run.output()).isZero();
            assertThat(run.output()).contains("batch 1 (web_1) passed verification: new release")
                    .contains("batch 2 (web_2) passed verification: new release");
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        JsonNode analyses = lastJsonReport().get("analyses");
        assertThat(analyses).hasSize(2);
        assertThat(analyses.get(0).get("verdict").asText()).isEqualTo("pass");
        assertThat(analyses.get(0).get("canary").get("requests").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(analyses.get(0).get("duration_millis").asLong()).isBetween(3000L, 8000L);
        // The last batch has no old release left to compare with: the baseline is empty.
        assertThat(analyses.get(1).get("baseline").get("servers")).isEmpty();
    }

    @Test
    void aReleaseThreeTimesSlowerTripsTheLatencyRule() throws Exception {
        install(2, SampleRelease.of("1.0.0").slowBy(20), SampleRelease.of("2.0.0").slowBy(60));
        try (LoadGenerator load = traffic(30)) {
            Thread.sleep(2000);
            AgentProcess run = AgentProcess.start(rollout("--verify-seconds", "5"));
            int exit = run.waitFor(Duration.ofMinutes(2));
            load.stop();

            assertThat(exit).as(run.output()).isEqualTo(1);
            // 60 ms against 20 ms of work; a busy host adds a few ms to either side.
            assertThat(run.output()).containsPattern("batch 1 \\(web_1\\) failed verification: response time \\(rtime\\)"
                    + " of the new release [6-9]\\d ms against baseline [2-4]\\d ms, ratio [2-4]\\.\\d\\d above max_latency_ratio 2;"
                    + " rolled back: web_1");
        }
        assertThat(lastJsonReport().get("analyses").get(0).get("verdict").asText()).isEqualTo("latency");
    }

    @Test
    void tooLittleTrafficIsNotEnoughTrafficAndTheReleaseGoesNoFurther() throws Exception {
        install(2, SampleRelease.of("1.0.0"), SampleRelease.of("2.0.0"));
        AgentProcess run = AgentProcess.start(rollout("--verify-seconds", "2", "--min-requests", "10"));
        int exit = run.waitFor(Duration.ofMinutes(2));

        assertThat(exit).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("webapp_upgrade rolled_back: batch 1 (web_1) not verified: not enough traffic:"
                + " the new release answered 0 request(s) in 2 s, fewer than min_requests 10; a release that was not"
                + " judged does not go further (send traffic, lengthen verify_seconds, or lower min_requests);"
                + " rolled back: web_1");
        assertThat(lastJsonReport().get("analyses").get(0).get("verdict").asText()).isEqualTo("not_enough_traffic");
    }

    @Test
    void theWindowsCountersAreHaproxysShowStatDeltas() throws Exception {
        install(2, SampleRelease.of("1.0.0"), SampleRelease.of("2.0.0").failingEvery(4));
        AgentProcess run = AgentProcess.start(rollout("--verify-seconds", "8", "--min-requests", "0",
                "--max-error-rate", "1", "--verify-canary-only"));
        run.awaitLine(l -> l.contains("verification window of 8 s started"), Duration.ofMinutes(1));
        Map<String, Map<String, Long>> before = counters();
        for (int i = 0; i < 120; i++) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        Map<String, Map<String, Long>> after = counters();
        assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.output()).isZero();

        JsonNode window = lastJsonReport().get("analyses").get(0);
        long canary5xx = after.get("web_1").get("hrsp_5xx") - before.get("web_1").get("hrsp_5xx");
        long canaryAll = responses(after.get("web_1")) - responses(before.get("web_1"));
        long baselineAll = responses(after.get("web_2")) - responses(before.get("web_2"));
        assertThat(canaryAll + baselineAll).isEqualTo(120);
        assertThat(canary5xx).isPositive();
        assertThat(window.get("canary").get("requests").asLong()).isEqualTo(canaryAll);
        assertThat(window.get("canary").get("hrsp5xx").asLong()).isEqualTo(canary5xx);
        assertThat(window.get("canary").get("errors").asLong()).isEqualTo(canary5xx);
        assertThat(window.get("baseline").get("requests").asLong()).isEqualTo(baselineAll);
        assertThat(window.get("baseline").get("errors").asLong()).isZero();
        assertThat(lastJsonReport().get("analyses")).hasSize(1);
    }

    private Map<String, Map<String, Long>> counters() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (StatRow row : haproxy.showStat("webapp")) {
            Map<String, Long> c = new TreeMap<>();
            for (String k : List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other", "eresp", "econ")) {
                String v = row.fields().getOrDefault(k, "");
                c.put(k, v.isEmpty() ? 0 : Long.parseLong(v));
            }
            out.put(row.name(), c);
        }
        return out;
    }

    private static long responses(Map<String, Long> c) {
        return c.values().stream().mapToLong(Long::longValue).sum();
    }
}
