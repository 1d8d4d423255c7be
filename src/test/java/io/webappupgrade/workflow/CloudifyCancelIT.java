package io.webappupgrade.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.BlueprintFolder;
import io.webappupgrade.testing.CfyCli;
import io.webappupgrade.testing.CloudifyLocal;
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
 * A cancel request reaching {@code webapp_upgrade} in real Cloudify local mode (cfy 7.0.5) while
 * the first upgrade is in flight: the test raises Cloudify's own cancel flag (local mode has no
 * {@code cfy executions cancel}) from inside the workflow's process, as a manager's dispatcher
 * does. The upgrade in flight finishes, that instance goes back into HAProxy, nothing else starts,
 * and every server is UP with runtime properties that agree with HAProxy. Then uninstall of the
 * four instances behind one HAProxy, with task retries at 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudifyCancelIT {

    /** Raises the cancel flag 0.3 s into the first upgrade, from a thread, as the dispatcher would. */
    private static final String CANCEL_HOOK = """
            import threading as _threading
            _execute_operation = WorkflowBridge.execute_operation


            def _cancel_during_first_upgrade(self, instance_id, operation, inputs):
                if operation == 'webapp_upgrade.upgrade' and not getattr(WorkflowBridge, '_cancel_sent', False):
                    WorkflowBridge._cancel_sent = True
                    _threading.Timer(0.3, workflow_api.set_cancel_request).start()
                return _execute_operation(self, instance_id, operation, inputs)


            WorkflowBridge.execute_operation = _cancel_during_first_upgrade


            """;

    @TempDir
    static Path work;

    private static CfyCli cfy;
    private static String v2;
    private static final List<Long> pids = new ArrayList<>();

    @BeforeAll
    static void install() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        String v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri().toString();
        v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri().toString();
        Path blueprint = BlueprintFolder.assemble("example", work.resolve("blueprint"));
        Path entry = blueprint.resolveSibling("webapp-upgrade").resolve("webapp_upgrade_workflow.py");
        String text = Files.readString(entry);
        String marker = "# Cloudify evaluates a script workflow";
        assertThat(text).contains(marker);
        Files.writeString(entry, text.replace(marker, CANCEL_HOOK + marker));
        int port = FreePort.onLoopback();
        Path inputs = work.resolve("inputs.yaml");
        Files.writeString(inputs, "app_url: " + v1 + "\nbase_dir: " + work.resolve("apps") + "\ninstances: 4\n"
                + "start_timeout: 5\nfrontend_port: " + port + "\nhaproxy_work_dir: " + work.resolve("haproxy") + "\n");
        cfy = new CfyCli(work.resolve("cfy"));
        CfyCli.Run init = cfy.run(Duration.ofMinutes(2), "init", blueprint.toString(), "-b", "shop", "-i", inputs.toString());
        assertThat(init.ok()).as(init.output()).isTrue();
        CfyCli.Run install = cfy.run(Duration.ofMinutes(5), "executions", "start", "install", "-b", "shop");
        assertThat(install.ok()).as(install.output()).isTrue();
        instances("webapp").forEach(i -> pids.add(i.at("/runtime_properties/pid").asLong()));
    }

    @AfterAll
    static void cleanUp() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        instances("haproxy").forEach(i -> ProcessHandle.of(i.at("/runtime_properties/pid").asLong())
                .ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    @Order(1)
    void aCancelDuringTheFirstUpgradeFinishesItPutsItBackAndStartsNothingMore() throws Exception {
        CfyCli.Run run = cfy.run(Duration.ofMinutes(5), "executions", "start", "webapp_upgrade", "-b", "shop",
                "--task-thread-pool-size", "1", "--task-retries", "0", "-p", "version=2.0.0", "-p", "url=" + v2);

        assertThat(run.output()).contains("webapp_upgrade cancelled:")
                .doesNotContain("workflow execution failed");
        List<String> versions = new ArrayList<>();
        instances("webapp").forEach(i -> versions.add(i.at("/runtime_properties/app_version").asText()));
        versions.sort(null);
        assertThat(versions).as(run.output()).containsExactly("1.0.0", "1.0.0", "1.0.0", "2.0.0");
        assertThat(run.output()).containsOnlyOnce("establish (haproxy_");
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
        JsonNode backends = instances("haproxy").get(0).at("/runtime_properties/backends");
        for (JsonNode app : instances("webapp")) {
            String id = app.path("id").asText();
            assertThat(haproxy.server("webapp", id).orElseThrow().status()).as(id).startsWith("UP");
            assertThat(backends.at("/" + id + "/enabled").asBoolean()).as("runtime properties of " + id).isTrue();
        }
    }

    @Test
    @Order(2)
    void uninstallOfFourInstancesBehindOneHaproxyPassesWithTaskRetries0() {
        // cfy's default task thread pool (1): with more, local mode's script plugin serves every
        // running operation's ctx from one global proxy route, and operations see each other's ctx.
        CfyCli.Run uninstall = cfy.run(Duration.ofMinutes(5), "executions", "start", "uninstall", "-b", "shop",
                "--task-retries", "0");
        assertThat(uninstall.ok()).as(uninstall.output()).isTrue();
    }

    private static List<JsonNode> instances(String node) {
        return new CloudifyLocal(cfy.localStorage(), "shop", Map.of()).instances().instances(node);
    }
}
