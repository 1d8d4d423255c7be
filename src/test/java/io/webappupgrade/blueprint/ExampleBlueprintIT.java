package io.webappupgrade.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.BlueprintFolder;
import io.webappupgrade.testing.CloudifyLocal;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example blueprint in real Cloudify local mode: the DSL parser takes plugin.yaml, the
 * script plugin runs the agent jar for every operation, a real HAProxy and real app processes
 * serve on loopback. One story, in order: install, upgrade one instance, roll it back, a failing
 * upgrade, uninstall.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleBlueprintIT {

    @TempDir
    static Path work;

    private static CloudifyLocal cfy;
    private static String v2;
    private static String bad;
    private static final List<Long> pids = new ArrayList<>();
    private static String frontend;

    @BeforeAll
    static void initialise() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        String v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri().toString();
        v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri().toString();
        bad = SampleRelease.of("3.0.0").unhealthy().writeTarGz(releases.resolve("app-3.0.0.tar.gz")).toUri().toString();
        Path blueprint = BlueprintFolder.assemble("example", work.resolve("blueprint"));
        cfy = new CloudifyLocal(work.resolve("storage"), "webapp", Map.of());
        int port = FreePort.onLoopback();
        frontend = "http://127.0.0.1:" + port;
        CloudifyLocal.Result init = cfy.init(blueprint, Map.of("app_url", v1, "app_version", "1.0.0",
                "base_dir", work.resolve("apps").toString(), "instances", 2, "start_timeout", 5,
                "frontend_port", port, "haproxy_work_dir", work.resolve("haproxy").toString()));
        assertThat(init.ok()).as("init: %s\n%s", init.json(), init.log()).isTrue();
    }

    @AfterAll
    static void killLeftovers() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    @Order(1)
    void installPutsBothInstancesBehindHaproxy() {
        CloudifyLocal.Result install = cfy.execute("install", Map.of(), 0);
        assertThat(install.ok()).as("install: %s\n%s", install.json(), install.log()).isTrue();
        List<JsonNode> apps = install.instances("webapp");
        assertThat(apps).hasSize(2);
        for (JsonNode app : apps) {
            JsonNode props = app.path("runtime_properties");
            pids.add(props.path("pid").asLong());
            assertThat(app.path("state").asText()).isEqualTo("started");
            assertThat(props.path("app_version").asText()).isEqualTo("1.0.0");
            assertThat(Http.get(props.path("app_url").asText() + "/")).isEqualTo("version=1.0.0");
        }
        assertThat(apps.get(0).at("/runtime_properties/port").asInt())
                .isNotEqualTo(apps.get(1).at("/runtime_properties/port").asInt());
        JsonNode lb = install.instance("haproxy").path("runtime_properties");
        pids.add(lb.path("pid").asLong());
        assertThat(lb.path("frontend_url").asText()).isEqualTo(frontend + "/");
        List<String> backends = new ArrayList<>();
        lb.path("backends").fieldNames().forEachRemaining(backends::add);
        assertThat(backends).containsExactlyInAnyOrder(apps.get(0).path("id").asText(), apps.get(1).path("id").asText());
        // round robin through the frontend reaches both instances
        for (int i = 0; i < 4; i++) {
            assertThat(Http.get(frontend + "/")).isEqualTo("version=1.0.0");
        }
    }

    @Test
    @Order(2)
    void upgradeMovesOneInstanceToTheNewRelease() {
        String first = firstId();
        CloudifyLocal.Result run = upgrade(first, "2.0.0", v2);
        assertThat(run.ok()).as("upgrade: %s\n%s", run.json(), run.log()).isTrue();
        JsonNode moved = byId(run, first).path("runtime_properties");
        pids.add(moved.path("pid").asLong());
        assertThat(moved.path("app_version").asText()).isEqualTo("2.0.0");
        assertThat(moved.path("app_prev_version").asText()).isEqualTo("1.0.0");
        assertThat(moved.path("releases")).hasSize(2);
        assertThat(Http.get(moved.path("app_url").asText() + "/")).isEqualTo("version=2.0.0");
        JsonNode other = otherInstance(run, first).path("runtime_properties");
        assertThat(Http.get(other.path("app_url").asText() + "/")).isEqualTo("version=1.0.0");
    }

    @Test
    @Order(3)
    void rollbackMovesItBack() {
        String first = firstId();
        CloudifyLocal.Result run = cfy.execute("execute_operation", Map.of("operation", "webapp_upgrade.rollback",
                "node_instance_ids", List.of(first)), 0);
        assertThat(run.ok()).as("rollback: %s\n%s", run.json(), run.log()).isTrue();
        JsonNode props = byId(run, first).path("runtime_properties");
        pids.add(props.path("pid").asLong());
        assertThat(props.path("app_version").asText()).isEqualTo("1.0.0");
        assertThat(Http.get(props.path("app_url").asText() + "/")).isEqualTo("version=1.0.0");
    }

    @Test
    @Order(4)
    void aReleaseThatNeverGetsHealthyFailsAndLeavesTheOldOneServing() {
        String first = firstId();
        CloudifyLocal.Result run = upgrade(first, "3.0.0", bad);
        assertThat(run.ok()).isFalse();
        // Local mode's execution error names only the task; the operation's message is in the
        // task-failed event, where Cloudify users read it.
        assertThat(run.log())
                .contains("Task failed 'script_runner.tasks.run' -> the upgrade to 3.0.0 failed")
                .contains("did not become healthy")
                .contains("1.0.0 is serving again");
        JsonNode props = byId(run, first).path("runtime_properties");
        pids.add(props.path("pid").asLong());
        assertThat(props.path("app_version").asText()).isEqualTo("1.0.0");
        assertThat(Http.get(props.path("app_url").asText() + "/")).isEqualTo("version=1.0.0");
    }

    @Test
    @Order(5)
    void uninstallStopsEverythingAndRemovesTheReleases() throws Exception {
        List<String> urls = new ArrayList<>();
        cfy.instances().instances("webapp").forEach(i -> urls.add(i.at("/runtime_properties/app_url").asText()));
        CloudifyLocal.Result run = cfy.execute("uninstall", Map.of(), 0);
        assertThat(run.ok()).as("uninstall: %s\n%s", run.json(), run.log()).isTrue();
        // A stopped app may linger a moment as a zombie until init reaps it.
        for (long pid : pids) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse());
        }
        urls.forEach(url -> assertThat(Http.answers(url + "/")).as(url).isFalse());
        assertThat(Http.answers(frontend + "/")).as("HAProxy frontend after uninstall").isFalse();
        try (var left = Files.list(work.resolve("apps"))) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private static CloudifyLocal.Result upgrade(String instance, String version, String url) {
        return cfy.execute("execute_operation", Map.of("operation", "webapp_upgrade.upgrade",
                "operation_kwargs", Map.of("version", version, "url", url),
                "allow_kwargs_override", true,
                "node_instance_ids", List.of(instance)), 0);
    }

    private static String firstId() {
        return cfy.instances().instances("webapp").get(0).path("id").asText();
    }

    private static JsonNode byId(CloudifyLocal.Result result, String id) {
        for (JsonNode i : result.json().path("instances")) {
            if (i.path("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no instance " + id);
    }

    private static JsonNode otherInstance(CloudifyLocal.Result result, String id) {
        for (JsonNode i : result.instances("webapp")) {
            if (!i.path("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no other instance");
    }
}
