package io.webappupgrade.deployment.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.cli.Cli;
import io.webappupgrade.manager.CapturingLogger;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.ExecutingManager;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.rollout.InMemoryRolloutJournal;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-step REST mode against the stateful stub manager: the engine runs a batch's instances
 * side by side, and the adapter turns each step of the batch into ONE execute_operation execution
 * (node_instance_ids = the batch; the load balancer's plural operation for its stand-ins).
 */
class RestBatchStepsTest {

    private static final String DEPLOYMENT = "shop";
    private static final String LB = "haproxy_1";

    @TempDir
    Path work;

    private final ExecutingManager manager = new ExecutingManager();
    private final ManagerClient client = new ManagerClient(manager.connection());
    private final CapturingLogger log = new CapturingLogger();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        client.close();
        manager.close();
    }

    /** A deployment without the plugin's workflows: web_1..web_N behind haproxy_1, all on 1.0.0 and in the backend. */
    private void shop(int fleet, boolean pluralOperations) {
        manager.deployment(DEPLOYMENT, List.of("install", "uninstall", "execute_operation"));
        manager.nextExecutions(ExecutingManager.Script.succeeds(1));
        List<String> lbOperations = new ArrayList<>(List.of("cloudify.interfaces.lifecycle.configure",
                "haproxy_backends.add_backend", "haproxy_backends.remove_backend", "haproxy_backends.list_servers"));
        if (pluralOperations) {
            lbOperations.addAll(List.of("haproxy_backends.add_backends", "haproxy_backends.remove_backends"));
        }
        manager.node(CloudifyReplies.node("haproxy", DEPLOYMENT, "webapp_upgrade.nodes.HAProxy",
                CloudifyReplies.HAPROXY_HIERARCHY, lbOperations, 1));
        Map<String, Object> web = CloudifyReplies.webappNode("web", DEPLOYMENT, "haproxy", fleet);
        web.put("operations", CloudifyReplies.node("x", DEPLOYMENT, "t", List.of(), List.of(
                "cloudify.interfaces.lifecycle.start", "webapp_upgrade.prepare", "webapp_upgrade.upgrade",
                "webapp_upgrade.rollback"), 1).get("operations"));
        manager.node(web);
        Map<String, Object> backends = new LinkedHashMap<>();
        for (int n = 1; n <= fleet; n++) {
            manager.nodeInstance(CloudifyReplies.webappInstance("web_" + n, "web", DEPLOYMENT, "1.0.0", 8000 + n, LB,
                    "haproxy", 1));
            backends.put("web_" + n, Map.of("address", "127.0.0.1", "port", 8000 + n, "enabled", true));
        }
        manager.nodeInstance(CloudifyReplies.instance(LB, "haproxy", DEPLOYMENT, new LinkedHashMap<>(Map.of("backends",
                backends)), 1));
    }

    private RestDeployment deployment() {
        return new RestDeployment(client, DEPLOYMENT, new RestSettings(Duration.ofMillis(2), Duration.ofMillis(20),
                Duration.ofSeconds(10), log), events::add);
    }

    private RolloutSummary rollout(RestDeployment deployment, Map<String, Object> extra) {
        Map<String, Object> parameters = new LinkedHashMap<>(Map.of("version", "2.0.0", "url",
                "https://releases.example.com/shop-2.0.0.tar.gz", "batch_size", 2, "min_serving", 1));
        parameters.putAll(extra);
        return new RolloutEngine(deployment, new InMemoryRolloutJournal(), new RolloutListener() {
        }, Clock.systemUTC(), Sleeper.system()).run(RolloutParameters.forUpgrade(parameters));
    }

    /** Each execution as "operation [node_instance_ids] backends" (the backends' ids for the plural stand-ins). */
    @SuppressWarnings("unchecked")
    private List<String> executionsCreated() {
        List<String> out = new ArrayList<>();
        for (ExecutingManager.Exec e : manager.executions()) {
            String op = String.valueOf(e.parameters.get("operation"));
            Map<String, Object> kwargs = (Map<String, Object>) e.parameters.get("operation_kwargs");
            String backends = kwargs.get("backends") instanceof List<?> l ? " " + l.stream()
                    .map(b -> String.valueOf(((Map<String, Object>) b).get("instance_id"))).toList()
                    : kwargs.containsKey("instance_id") ? " [" + kwargs.get("instance_id") + "]" : "";
            out.add(op.substring(op.indexOf('.') + 1) + " " + e.parameters.get("node_instance_ids") + backends);
        }
        return out;
    }

    private static List<String> batch(String... ids) {
        String listed = List.of(ids).toString();
        return List.of("list_servers [" + LB + "]", "prepare " + listed, "remove_backends [" + LB + "] " + listed,
                "upgrade " + listed, "add_backends [" + LB + "] " + listed);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> backendsNow() {
        return (Map<String, Object>) manager.runtimeProperties(LB).get("backends");
    }

    private String version(String id) {
        return String.valueOf(manager.runtimeProperties(id).get("app_version"));
    }

    @Test
    void fourInstancesInBatchesOfTwoRunOneExecutionPerStepPerBatch() {
        shop(4, true);

        RolloutSummary summary = rollout(deployment(), Map.of());

        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        List<String> expected = new ArrayList<>(batch("web_1", "web_2"));
        expected.addAll(batch("web_3", "web_4"));
        assertThat(executionsCreated()).containsExactlyElementsOf(expected);
        assertThat(manager.executions()).hasSize(10).allMatch(e -> "terminated".equals(e.status()));
        assertThat(List.of("web_1", "web_2", "web_3", "web_4")).allMatch(id -> version(id).equals("2.0.0"));
        assertThat(backendsNow()).containsOnlyKeys("web_1", "web_2", "web_3", "web_4");
        assertThat(events).anyMatch(e -> e.contains("task_succeeded [web_2.upgrade]"));
    }

    @Test
    void whenOneOfTwoInstancesOfAnExecutionFailsExactlyThatOneIsMarkedFailed() {
        shop(4, true);
        manager.failTask("webapp_upgrade.upgrade", "web_2", "RuntimeError: health check of web_2 failed");

        RolloutSummary summary = rollout(deployment(), Map.of("max_failures", 1));

        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.SUCCEEDED_WITH_FAILURES);
        assertThat(summary.instance("web_2").orElseThrow().status()).isEqualTo(InstanceStatus.FAILED);
        assertThat(summary.instance("web_2").orElseThrow().error()).contains("health check of web_2 failed")
                .contains("(execution exec-4)");
        assertThat(List.of("web_1", "web_3", "web_4")).allMatch(id -> summary.instance(id).orElseThrow().status()
                == InstanceStatus.UPGRADED);
        assertThat(version("web_1")).isEqualTo("2.0.0");
        assertThat(version("web_2")).isEqualTo("1.0.0");
        // both were put back by one execution, the failed one included
        assertThat(executionsCreated().get(4)).isEqualTo("add_backends [" + LB + "] [web_1, web_2]");
        assertThat(executionsCreated()).hasSize(10);
        assertThat(backendsNow()).containsOnlyKeys("web_1", "web_2", "web_3", "web_4");
    }

    @Test
    void aLoadBalancerWithoutThePluralOperationsGetsOneStandInExecutionPerInstance() {
        shop(2, false);

        RolloutSummary summary = rollout(deployment(), Map.of("min_serving", 0));

        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(executionsCreated()).containsExactly("prepare [web_1, web_2]",
                "remove_backend [" + LB + "] [web_1]", "remove_backend [" + LB + "] [web_2]", "upgrade [web_1, web_2]",
                "add_backend [" + LB + "] [web_1]", "add_backend [" + LB + "] [web_2]");
        assertThat(backendsNow()).containsOnlyKeys("web_1", "web_2");
    }

    @Test
    void aSecondRolloutWhileOneRunsIsRefusedWithExit5AndChangesNothing() throws Exception {
        shop(4, true);
        manager.hold("haproxy_backends.list_servers");
        CompletableFuture<RolloutSummary> first = CompletableFuture.supplyAsync(() -> rollout(deployment(), Map.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> manager.executions().stream()
                .anyMatch(e -> "started".equals(e.status())));
        int before = manager.executions().size();
        Map<String, Object> backendsBefore = backendsNow();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new Cli("test", AgentOperations.registry("test"), sink, sink, Map.of("CLOUDIFY_PASSWORD",
                StubManager.PASSWORD, "WEBAPP_UPGRADE_HOME", work.toString(), "PATH", System.getenv("PATH")), false)
                .run(new String[] {"rollout", "--deployment", DEPLOYMENT, "--manager", manager.apiUrl().toString(),
                    "--tenant", StubManager.TENANT, "--username", StubManager.USER, "--version", "3.0.0", "--url",
                    "https://releases.example.com/shop-3.0.0.tar.gz", "--batch-size", "2",
                    "--reports-dir", work.resolve("reports").toString()});
        String output = out.toString(StandardCharsets.UTF_8);

        assertThat(code).as(output).isEqualTo(5);
        assertThat(output).contains("mode: one execute_operation execution per step per batch")
                .contains("refused to start the batch (web_1, web_2): execution exec-1 (workflow execute_operation,"
                        + " started) is active on deployment shop. Nothing of the batch was taken out of the load"
                        + " balancer");
        assertThat(manager.executions()).hasSize(before);
        assertThat(backendsNow()).isEqualTo(backendsBefore);
        try (java.util.stream.Stream<Path> reports = java.nio.file.Files.list(work.resolve("reports"))) {
            assertThat(reports.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".json"));
        }

        manager.hold(null);
        RolloutSummary summary = first.get();
        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(manager.executions()).hasSize(10);
        assertThat(List.of("web_1", "web_2", "web_3", "web_4")).allMatch(id -> version(id).equals("2.0.0"));
    }

    @Test
    void anInterruptDuringTheBatchsDrainCancelsThatExecutionAndPutsBothBackInOneExecution() throws Exception {
        shop(4, true);
        manager.hold("haproxy_backends.remove_backends");
        Thread[] runner = new Thread[1];
        CompletableFuture<RolloutSummary> run = new CompletableFuture<>();
        runner[0] = new Thread(() -> run.complete(rollout(deployment(), Map.of("min_serving", 0))));
        runner[0].start();
        await().atMost(Duration.ofSeconds(20)).until(() -> manager.executions().stream().anyMatch(e ->
                "haproxy_backends.remove_backends".equals(e.parameters.get("operation")) && "started".equals(e.status())));
        String drain = manager.executions().get(manager.executions().size() - 1).id;

        runner[0].interrupt();
        // a manager ends a cancelled execution by itself; the stub moves on when it is read
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(client.execution(drain).status()));
        manager.hold(null);
        RolloutSummary summary = run.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(summary.exitCode()).isEqualTo(4);
        for (String id : List.of("web_1", "web_2")) {
            assertThat(summary.instance(id).orElseThrow().status()).isEqualTo(InstanceStatus.INTERRUPTED);
            assertThat(summary.instance(id).orElseThrow().error()).contains("run interrupted during unlink; put back in"
                    + " the load balancer");
        }
        // min_serving is off, but the drain order reads the load balancer: two of four instances to choose
        assertThat(executionsCreated()).containsExactly("list_servers [" + LB + "]", "prepare [web_1, web_2]",
                "remove_backends [" + LB + "] [web_1, web_2]", "add_backends [" + LB + "] [web_1, web_2]");
        assertThat(backendsNow()).containsOnlyKeys("web_1", "web_2", "web_3", "web_4");
        assertThat(List.of("web_1", "web_2", "web_3", "web_4")).allMatch(id -> version(id).equals("1.0.0"));
    }

    @Test
    void whenTheBatchsAddBackendsFailsEachInstanceIsPutBackOnItsOwnAndCountsByItsOwnOutcome() {
        shop(2, true);
        manager.failTask("haproxy_backends.add_backends", LB, "HAProxy add_backends: 1 of 2 server change(s) failed");
        manager.failBackendTask("haproxy_backends.add_backend", LB, "web_2",
                "HAProxy add_backend: server web_2 did not pass a health check");

        RolloutSummary summary = rollout(deployment(), Map.of("min_serving", 0, "max_failures", 2,
                "auto_rollback", false));

        assertThat(executionsCreated()).containsExactly("prepare [web_1, web_2]",
                "remove_backends [" + LB + "] [web_1, web_2]", "upgrade [web_1, web_2]",
                "add_backends [" + LB + "] [web_1, web_2]", "add_backend [" + LB + "] [web_1]",
                "add_backend [" + LB + "] [web_2]");
        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.LEFT_OUT_OF_LB);
        assertThat(summary.instance("web_1").orElseThrow().status()).isEqualTo(InstanceStatus.UPGRADED);
        assertThat(summary.instance("web_2").orElseThrow().status()).isEqualTo(InstanceStatus.LEFT_OUT_OF_LB);
        assertThat(summary.instance("web_2").orElseThrow().error()).contains("did not pass a health check");
        assertThat(backendsNow()).containsOnlyKeys("web_1");
        assertThat(events).anyMatch(e -> e.contains("add_backends of web_1, web_2 on " + LB + " failed")
                && e.contains("putting them back one by one"));
    }
}
