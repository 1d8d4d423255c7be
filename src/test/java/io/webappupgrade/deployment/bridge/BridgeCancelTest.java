package io.webappupgrade.deployment.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.rollout.InMemoryRolloutJournal;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine inside a workflow, through the bridge adapter, against a stand-in for the workflow's
 * Python entry (the ctx proxy protocol over HTTP): a cancel request is looked at before each
 * step; the step in flight is finished; what is out is put back; the run ends cancelled, not failed.
 */
class BridgeCancelTest {

    private static final String UNLINK = DeploymentOperations.UNLINK;
    private static final String ESTABLISH = DeploymentOperations.ESTABLISH;

    @TempDir
    Path state;

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;
    private volatile Predicate<List<String>> cancelWhen = done -> false;
    /** The operation (as "operation instance") that Cloudify refuses as cancelled; null for none. */
    private volatile String refusedAsCancelled;
    private volatile boolean reported;
    private final int fleet = 4;

    BridgeCancelTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            JsonNode args = json.readTree(x.getRequestBody()).path("args");
            Object payload;
            String type = "result";
            synchronized (this) {
                String name = args.path(0).asText();
                switch (name) {
                    case "parameters" -> payload = Map.of();
                    case "instances" -> payload = instances();
                    case "send_event" -> payload = null;
                    case "cancel_requested" -> {
                        boolean now = !reported && cancelWhen.test(List.copyOf(calls));
                        reported |= now;
                        calls.add("cancel_requested " + now);
                        payload = now;
                    }
                    case "execute_operation", "execute_target_operation" -> {
                        boolean target = name.equals("execute_target_operation");
                        String op = args.path(target ? 4 : 2).asText();
                        String call = op.substring(op.lastIndexOf('.') + 1) + " " + args.path(1).asText();
                        if (call.equals(refusedAsCancelled)) {
                            type = "error";
                            payload = Map.of("type", "ExecutionCancelled", "message",
                                    op + " was not run: the execution was cancelled", "traceback", "");
                        } else {
                            payload = null;
                        }
                        calls.add(call);
                    }
                    default -> {
                        type = "error";
                        payload = Map.of("type", "AttributeError", "message", name, "traceback", "");
                    }
                }
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("type", type);
            reply.put("payload", payload);
            byte[] out = json.writeValueAsBytes(reply);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, out.length);
            x.getResponseBody().write(out);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<Map<String, Object>> instances() {
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("id", "haproxy_1");
        lb.put("node_id", "haproxy");
        lb.put("type_hierarchy", CloudifyReplies.HAPROXY_HIERARCHY);
        lb.put("operations", List.of("haproxy_backends.add_backend", "haproxy_backends.remove_backend"));
        lb.put("relationships", List.of());
        lb.put("runtime_properties", Map.of());
        all.add(lb);
        for (int n = 1; n <= fleet; n++) {
            Map<String, Object> web = new LinkedHashMap<>();
            web.put("id", "web_" + n);
            web.put("node_id", "web");
            web.put("type_hierarchy", CloudifyReplies.WEBAPP_HIERARCHY);
            web.put("operations", List.of(DeploymentOperations.UPGRADE, DeploymentOperations.ROLLBACK));
            web.put("relationships", List.of(Map.of("type", CloudifyReplies.LB_LINK, "type_hierarchy",
                    CloudifyReplies.LB_LINK_HIERARCHY, "target_node_id", "haproxy", "target_instance_id", "haproxy_1")));
            web.put("runtime_properties", Map.of("app_version", "1.0", "ip", "127.0.0.1", "port", 8000 + n));
            all.add(web);
        }
        return all;
    }

    private RolloutSummary rollout(String batchSize) {
        OpenedDeployment<BridgeDeployment> opened = BridgeOpener.open("http://127.0.0.1:" + server.getAddress().getPort(),
                "shop", state);
        RolloutEngine engine = new RolloutEngine(opened.deployment(), new InMemoryRolloutJournal(), new RolloutListener() {
        }, Clock.systemUTC(), Sleeper.system());
        RolloutSummary summary = engine.run(RolloutParameters.forUpgrade(Map.of("version", "2.0", "url",
                "https://releases.example.com/app-2.0.tar.gz", "batch_size", batchSize)));
        Thread.interrupted();
        return summary;
    }

    private List<String> operations() {
        return calls.stream().filter(c -> !c.startsWith("cancel_requested")).toList();
    }

    /** Every unlink of an instance was followed by its establish: nothing stays out of the load balancer. */
    private void assertEveryInstanceIsBack() {
        for (int n = 1; n <= fleet; n++) {
            List<String> own = new ArrayList<>();
            for (String c : operations()) {
                if (c.endsWith(" web_" + n) && (c.startsWith("unlink") || c.startsWith("establish"))) {
                    own.add(c.substring(0, c.indexOf(' ')));
                }
            }
            if (!own.isEmpty()) {
                assertThat(own.get(own.size() - 1)).as("web_%d: %s", n, own).isEqualTo("establish");
            }
        }
    }

    @Test
    void aCancelDuringAnUpgradeFinishesThatInstanceAndStartsNothingMore() {
        cancelWhen = done -> done.contains("upgrade web_1");

        RolloutSummary summary = rollout("1");

        assertThat(summary.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(summary.message()).isNotBlank();
        assertThat(operations()).containsSubsequence("unlink web_1", "upgrade web_1", "establish web_1")
                .doesNotContain("upgrade web_2", "unlink web_3", "unlink web_4");
        assertThat(operations()).filteredOn(c -> c.startsWith("upgrade")).containsExactly("upgrade web_1");
        assertThat(summary.instances()).noneMatch(i -> i.status().name().equals("FAILED"));
        assertEveryInstanceIsBack();
    }

    @Test
    void aCancelDuringAnUnlinkPutsThatInstanceBackWithoutUpgradingIt() {
        cancelWhen = done -> done.contains("unlink web_2");

        RolloutSummary summary = rollout("1");

        assertThat(summary.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(operations()).containsSubsequence("unlink web_2", "establish web_2")
                .doesNotContain("upgrade web_2", "unlink web_3");
        assertEveryInstanceIsBack();
    }

    @Test
    void aCancelInABatchOfTwoStopsBothAndTheRunThere() {
        cancelWhen = done -> done.stream().anyMatch(c -> c.startsWith("upgrade"));

        RolloutSummary summary = rollout("2");

        assertThat(summary.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(operations()).doesNotContain("unlink web_3", "unlink web_4");
        assertEveryInstanceIsBack();
    }

    @Test
    void aTaskCloudifyRefusedAfterACancelIsACancelNotAFailure() {
        refusedAsCancelled = "upgrade web_2";

        RolloutSummary summary = rollout("1");

        assertThat(summary.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(operations()).containsSubsequence("unlink web_2", "upgrade web_2", "establish web_2")
                .doesNotContain("unlink web_3");
        assertThat(summary.instances()).noneMatch(i -> i.status().name().equals("FAILED"));
        assertThat(summary.message()).isNotBlank();
        assertEveryInstanceIsBack();
    }

    @Test
    void withoutACancelEveryInstanceIsUpgradedAndTheWorkflowIsAskedBeforeEachStep() {
        RolloutSummary summary = rollout("1");

        assertThat(summary.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(operations()).filteredOn(c -> c.startsWith("upgrade")).hasSize(fleet);
        // unlink and upgrade of each instance are preceded by a check; establish is not.
        assertThat(calls).filteredOn(c -> c.startsWith("cancel_requested")).hasSize(2 * fleet);
        assertEveryInstanceIsBack();
    }
}
