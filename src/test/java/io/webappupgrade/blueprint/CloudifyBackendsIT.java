package io.webappupgrade.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.BlueprintFolder;
import io.webappupgrade.testing.CloudifyLocal;
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
 * The HAProxy node's plural operations, as the REST per-step mode runs them for a batch: in real
 * Cloudify local mode, {@code execute_operation} of {@code haproxy_backends.remove_backends} on the
 * HAProxy instance drains two servers at once (one read of HAProxy's state shows both in DRAIN)
 * with slow requests in flight, which all complete; {@code add_backends} brings both back UP.
 */
class CloudifyBackendsIT {

    private static final int SLOW_MS = 4_000;

    @TempDir
    Path work;

    private CloudifyLocal cfy;
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void uninstall() {
        if (cfy != null) {
            CloudifyLocal.Result run = cfy.execute("uninstall", Map.of(), 0);
            assertThat(run.ok()).as("uninstall: %s", run.log()).isTrue();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void removeBackendsDrainsTwoServersAtOnceAndAddBackendsBringsThemBack() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        String v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri().toString();
        Path blueprint = BlueprintFolder.assemble("example", work.resolve("blueprint"));
        int port = FreePort.onLoopback();
        String frontend = "http://127.0.0.1:" + port;
        cfy = new CloudifyLocal(work.resolve("storage"), "webapp", Map.of());
        CloudifyLocal.Result init = cfy.init(blueprint, Map.of("app_url", v1, "instances", 3, "start_timeout", 10,
                "base_dir", work.resolve("apps").toString(), "frontend_port", port,
                "haproxy_work_dir", work.resolve("haproxy").toString()));
        assertThat(init.ok()).as("init: %s\n%s", init.json(), init.log()).isTrue();
        CloudifyLocal.Result install = cfy.execute("install", Map.of(), 0);
        assertThat(install.ok()).as("install: %s", install.log()).isTrue();
        List<JsonNode> apps = install.instances("webapp");
        apps.forEach(a -> pids.add(a.at("/runtime_properties/pid").asLong()));
        String lb = install.instance("haproxy").path("id").asText();
        pids.add(install.instance("haproxy").at("/runtime_properties/pid").asLong());
        String first = apps.get(0).path("id").asText();
        String second = apps.get(1).path("id").asText();
        String third = apps.get(2).path("id").asText();
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create(frontend + "/slow?ms=" + SLOW_MS))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions(haproxy, first) > 0 && sessions(haproxy, second) > 0);

        CompletableFuture<CloudifyLocal.Result> removing = CompletableFuture.supplyAsync(() -> cfy.execute(
                "execute_operation", Map.of("operation", "haproxy_backends.remove_backends",
                        "operation_kwargs", Map.of("backends", List.of(Map.of("instance_id", first),
                                Map.of("instance_id", second)), "drain_timeout", 60),
                        "allow_kwargs_override", true, "node_instance_ids", List.of(lb)), 0));
        Map<String, String> together = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (together == null && !removing.isDone() && System.nanoTime() < deadline) {
            Map<String, String> status = status(haproxy);
            if (status.getOrDefault(first, "").startsWith("DRAIN") && status.getOrDefault(second, "").startsWith("DRAIN")) {
                together = status;
            }
            Thread.sleep(20);
        }
        CloudifyLocal.Result removed = removing.get();

        assertThat(removed.ok()).as("remove_backends: %s", removed.log()).isTrue();
        assertThat(together).as("one read of HAProxy's state with both in DRAIN").isNotNull();
        assertThat(together.get(third)).startsWith("UP");
        assertThat(status(haproxy)).doesNotContainKeys(first, second).containsKey(third);
        for (CompletableFuture<HttpResponse<String>> r : slow) {
            assertThat(r.get().statusCode()).isEqualTo(200);
        }
        assertThat(removed.instance("haproxy").at("/runtime_properties/backends").has(first)).isFalse();

        List<Map<String, Object>> back = new ArrayList<>();
        for (JsonNode app : List.of(apps.get(0), apps.get(1))) {
            back.add(Map.of("instance_id", app.path("id").asText(), "address", app.at("/runtime_properties/ip").asText(),
                    "port", app.at("/runtime_properties/port").asInt()));
        }
        CloudifyLocal.Result added = cfy.execute("execute_operation", Map.of("operation", "haproxy_backends.add_backends",
                "operation_kwargs", Map.of("backends", back), "allow_kwargs_override", true,
                "node_instance_ids", List.of(lb)), 0);

        assertThat(added.ok()).as("add_backends: %s", added.log()).isTrue();
        assertThat(status(haproxy)).containsKeys(first, second, third).allSatisfy((name, s) -> assertThat(s).startsWith("UP"));
        JsonNode backends = added.instance("haproxy").at("/runtime_properties/backends");
        for (String id : List.of(first, second, third)) {
            assertThat(backends.path(id).path("enabled").asBoolean()).as(backends.toString()).isTrue();
        }
    }

    @Test
    void aBadBackendsInputIsRefusedNamingItAndChangesNothing() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        String v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri().toString();
        Path blueprint = BlueprintFolder.assemble("example", work.resolve("blueprint"));
        int port = FreePort.onLoopback();
        cfy = new CloudifyLocal(work.resolve("storage"), "webapp", Map.of());
        assertThat(cfy.init(blueprint, Map.of("app_url", v1, "instances", 2, "start_timeout", 10,
                "base_dir", work.resolve("apps").toString(), "frontend_port", port,
                "haproxy_work_dir", work.resolve("haproxy").toString())).ok()).isTrue();
        CloudifyLocal.Result install = cfy.execute("install", Map.of(), 0);
        assertThat(install.ok()).as("install: %s", install.log()).isTrue();
        install.instances("webapp").forEach(a -> pids.add(a.at("/runtime_properties/pid").asLong()));
        pids.add(install.instance("haproxy").at("/runtime_properties/pid").asLong());
        String lb = install.instance("haproxy").path("id").asText();
        String first = install.instances("webapp").get(0).path("id").asText();
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));

        CloudifyLocal.Result run = cfy.execute("execute_operation", Map.of("operation", "haproxy_backends.add_backends",
                "operation_kwargs", Map.of("backends", List.of(Map.of("instance_id", first))),
                "allow_kwargs_override", true, "node_instance_ids", List.of(lb)), 0);

        assertThat(run.ok()).isFalse();
        assertThat(run.log()).contains("input 'backends' item 1 (" + first + ") needs address and port: expected a"
                + " non-empty list of {instance_id, address, port}");
        assertThat(status(haproxy)).hasSize(2).allSatisfy((name, s) -> assertThat(s).startsWith("UP"));
    }

    private static Map<String, String> status(RuntimeApiClient haproxy) {
        return haproxy.showStat("webapp").stream().collect(Collectors.toMap(StatRow::name, StatRow::status));
    }

    private static long sessions(RuntimeApiClient haproxy, String server) {
        return haproxy.server("webapp", server).map(StatRow::currentSessions).orElse(0L);
    }
}
