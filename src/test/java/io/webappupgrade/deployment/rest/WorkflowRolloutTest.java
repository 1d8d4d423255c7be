package io.webappupgrade.deployment.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.manager.ClientSettings;
import io.webappupgrade.manager.ExecutingManager;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.manager.CapturingLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A REST rollout as one execution of the deployment's own workflow, against a stateful stub
 * manager whose executions queue, run, cancel and force-cancel.
 */
class WorkflowRolloutTest {

    private static final String WORKFLOW = "webapp_upgrade";
    private static final Map<String, Object> PARAMETERS = Map.of("version", "2.0.0", "url", "https://x/shop-2.0.0.tgz");

    private final ExecutingManager manager = new ExecutingManager();
    private final CapturingLogger log = new CapturingLogger();
    private final ManagerClient client = new ManagerClient(manager.connection(), StubManager.settings(1000, log));
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    WorkflowRolloutTest() {
        manager.deployment("shop", List.of("install", "uninstall", "execute_operation", WORKFLOW, "webapp_rollback"));
        manager.deployment("plain", List.of("install", "uninstall", "execute_operation"));
    }

    @AfterEach
    void close() {
        client.close();
        manager.close();
    }

    private WorkflowRollout rollout(boolean debug, Duration queueTimeout) {
        return new WorkflowRollout(client, "shop", new WorkflowRollout.Settings(Duration.ofMillis(5),
                Duration.ofMillis(40), queueTimeout, Duration.ofSeconds(10), debug), lines::add);
    }

    private WorkflowRollout rollout() {
        return rollout(false, Duration.ofSeconds(10));
    }

    @Test
    void tellsWhetherTheDeploymentDeclaresTheWorkflowFromATrimmedRead() {
        assertThat(WorkflowRollout.declares(client, "shop", WORKFLOW)).isTrue();
        assertThat(WorkflowRollout.declares(client, "plain", WORKFLOW)).isFalse();
        assertThat(manager.requests()).containsExactly("GET /api/v3.1/deployments/shop?_include=id,workflows",
                "GET /api/v3.1/deployments/plain?_include=id,workflows");
    }

    @Test
    void aRolloutIsOneExecutionOfTheWorkflowWithInfoEventsRelayed() {
        manager.nextExecutions(ExecutingManager.Script.succeeds(4));

        WorkflowRollout.Outcome outcome = rollout().run(WORKFLOW, PARAMETERS);

        assertThat(outcome.exitCode()).as(outcome.line()).isEqualTo(WorkflowRollout.SUCCEEDED);
        assertThat(manager.executions()).hasSize(1);
        ExecutingManager.Exec only = manager.executions().get(0);
        assertThat(only.workflowId).isEqualTo(WORKFLOW);
        assertThat(only.parameters).isEqualTo(PARAMETERS);
        assertThat(only.status()).isEqualTo("terminated");
        assertThat(outcome.line()).contains(only.id).contains("ended 'terminated'");
        assertThat(lines).anyMatch(l -> l.contains("workflow_started"))
                .anyMatch(l -> l.contains("INFO") && l.contains("step 4 of webapp_upgrade"))
                .anyMatch(l -> l.contains("workflow_succeeded"))
                .noneMatch(l -> l.contains("DEBUG"));
        assertThat(manager.requests()).noneMatch(r -> r.contains("execute_operation"));
    }

    @Test
    void verboseRelaysDebugLogsToo() {
        manager.nextExecutions(ExecutingManager.Script.succeeds(2));
        rollout(true, Duration.ofSeconds(10)).run(WORKFLOW, PARAMETERS);
        assertThat(lines).anyMatch(l -> l.contains("DEBUG") && l.contains("detail of step 2"));
    }

    @Test
    void anInterruptCancelsTheExecutionWhichEndsCancelledWithExit4() throws Exception {
        manager.nextExecutions(ExecutingManager.Script.runsUntilCancelled());
        Thread[] runner = new Thread[1];
        CompletableFuture<WorkflowRollout.Outcome> run = CompletableFuture.supplyAsync(() -> {
            runner[0] = Thread.currentThread();
            return rollout().run(WORKFLOW, PARAMETERS);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.executions().size() == 1
                && "started".equals(manager.executions().get(0).status()));

        runner[0].interrupt();
        WorkflowRollout.Outcome outcome = run.get(20, TimeUnit.SECONDS);

        ExecutingManager.Exec only = manager.executions().get(0);
        assertThat(outcome.exitCode()).as(outcome.line()).isEqualTo(WorkflowRollout.CANCELLED);
        assertThat(only.status()).isEqualTo("cancelled");
        assertThat(only.tokenRevoked()).isTrue();
        assertThat(outcome.line()).contains("was cancelled as asked");
        assertThat(manager.requests()).filteredOn(r -> r.startsWith("POST /api/v3.1/executions/")).hasSize(1);
        assertThat(lines).anyMatch(l -> l.contains("asked the manager to cancel execution " + only.id));
    }

    @Test
    void aSecondInterruptForceCancels() throws Exception {
        manager.nextExecutions(ExecutingManager.Script.runsUntilCancelled());
        manager.cancelTakesPolls(1_000_000);
        Thread[] runner = new Thread[1];
        CompletableFuture<WorkflowRollout.Outcome> run = CompletableFuture.supplyAsync(() -> {
            runner[0] = Thread.currentThread();
            return rollout().run(WORKFLOW, PARAMETERS);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.executions().size() == 1
                && "started".equals(manager.executions().get(0).status()));
        runner[0].interrupt();
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelling".equals(manager.executions().get(0).status()));
        runner[0].interrupt();

        WorkflowRollout.Outcome outcome = run.get(20, TimeUnit.SECONDS);

        assertThat(outcome.exitCode()).as(outcome.line()).isEqualTo(WorkflowRollout.CANCELLED);
        assertThat(manager.executions().get(0).status()).isEqualTo("cancelled");
        assertThat(lines).anyMatch(l -> l.contains("force-cancel"));
    }

    @Test
    void aSecondRolloutWhileOneRunsIsRefusedAndStartsNothing() {
        manager.nextExecutions(ExecutingManager.Script.runsUntilCancelled());
        client.startExecution("shop", WORKFLOW, PARAMETERS);

        WorkflowRollout.Outcome outcome = rollout().run(WORKFLOW, PARAMETERS);

        assertThat(outcome.exitCode()).isEqualTo(WorkflowRollout.REFUSED);
        assertThat(outcome.line()).contains("busy with another execution").contains("nothing ran")
                .contains("currently running");
        assertThat(manager.executions()).hasSize(1);
    }

    @Test
    void anExecutionStuckInTheQueueIsCancelledAtItsDeadline() {
        manager.systemWideExecution(true);

        WorkflowRollout.Outcome outcome = rollout(false, Duration.ofMillis(300)).run(WORKFLOW, PARAMETERS);

        assertThat(outcome.exitCode()).as(outcome.line()).isEqualTo(WorkflowRollout.REFUSED);
        assertThat(manager.executions().get(0).status()).isEqualTo("cancelled");
        assertThat(outcome.line()).contains("before it started; nothing ran");
        assertThat(lines).anyMatch(l -> l.contains("was still 'queued'"));
    }

    @Test
    void aFailureWithoutErrorTextStillSaysSomething() {
        manager.nextExecutions(new ExecutingManager.Script(1, "failed", ""));

        WorkflowRollout.Outcome outcome = rollout().run(WORKFLOW, PARAMETERS);

        assertThat(outcome.exitCode()).isEqualTo(WorkflowRollout.FAILED);
        assertThat(outcome.line()).contains("ended 'failed'").contains("the manager gave no error text");
    }

    @Test
    void aFailureCarriesTheWorkflowsErrorText() {
        manager.nextExecutions(new ExecutingManager.Script(1, "failed",
                "webapp_upgrade stopped after 1 failure(s) (max_failures 0): web_2 health check failed"));

        WorkflowRollout.Outcome outcome = rollout().run(WORKFLOW, PARAMETERS);

        assertThat(outcome.exitCode()).isEqualTo(WorkflowRollout.FAILED);
        assertThat(outcome.line()).endsWith("web_2 health check failed");
    }
}
