package io.webappupgrade.deployment.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.manager.Execution;
import io.webappupgrade.manager.ManagerEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionOutcomesTest {

    private static final List<String> BATCH = List.of("web_1", "web_2", "web_3");
    private static final String WHAT = "webapp_upgrade.upgrade on web_1, web_2, web_3";

    private static Execution ended(String status, String error) {
        return new Execution("exec-7", "shop", "execute_operation", status, error, "2026-12-01T03:00:00.000Z", Map.of());
    }

    private static ManagerEvent task(String type, String instance) {
        return new ManagerEvent("2026-12-01T03:00:01.000Z", "cloudify_event", type, "", "Task ...", instance,
                "webapp_upgrade.upgrade");
    }

    @Test
    void aTerminatedExecutionFailedNobody() {
        assertThat(ExecutionOutcomes.failures(ended("terminated", ""), List.of(), BATCH, WHAT)).isEmpty();
    }

    @Test
    void inAFailedExecutionOnlyATaskSucceededEventMakesAnInstanceDone() {
        List<ManagerEvent> events = List.of(task("task_succeeded", "web_1"), task("task_failed", "web_2"),
                task("task_started", "web_3"));

        Map<String, String> failed = ExecutionOutcomes.failures(ended("failed",
                "Task failed 'script_runner.tasks.run' -> health check of web_2 failed"), events, BATCH, WHAT);

        assertThat(failed).containsOnlyKeys("web_2", "web_3");
        assertThat(failed.get("web_2")).isEqualTo("its task failed: Task failed 'script_runner.tasks.run' -> health"
                + " check of web_2 failed (execution exec-7)");
        assertThat(failed.get("web_3")).startsWith("outcome unknown, so counted as failed: execution exec-7 ("
                + WHAT + ") ended 'failed' without a task_succeeded event for web_3");
    }

    @Test
    void aCancelledExecutionFailsEveryInstanceEvenThoseWhoseTaskSucceeded() {
        Map<String, String> failed = ExecutionOutcomes.failures(ended("cancelled", ""),
                List.of(task("task_succeeded", "web_1")), BATCH, WHAT);

        assertThat(failed).containsOnlyKeys(BATCH);
        assertThat(failed.get("web_1")).isEqualTo("execution exec-7 (" + WHAT + ") was cancelled on the manager");
    }

    @Test
    void aFailureWithoutAnErrorTextStillSaysSomething() {
        Map<String, String> failed = ExecutionOutcomes.allFailed(ended("failed", null), List.of("web_1"), "x");

        assertThat(failed.get("web_1")).isEqualTo("execution ended 'failed' without an error text (execution exec-7)");
    }
}
