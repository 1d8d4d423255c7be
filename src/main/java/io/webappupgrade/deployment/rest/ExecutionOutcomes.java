package io.webappupgrade.deployment.rest;

import io.webappupgrade.manager.Execution;
import io.webappupgrade.manager.ManagerEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node instances an ended {@code execute_operation} execution failed for. It runs one task
 * per listed instance; when one fails, Cloudify's task graph lets the tasks already running end
 * and reports each task's end as an event carrying its {@code node_instance_id}
 * ({@code task_succeeded} or {@code task_failed}). So in a failed execution an instance counts as
 * done only on a {@code task_succeeded} event for it; one without (its task failed, never ran, or
 * its events were lost) counts as failed, never as done. A cancelled execution fails all of them:
 * what it did is not known.
 */
final class ExecutionOutcomes {

    static final String TASK_SUCCEEDED = "task_succeeded";
    static final String TASK_FAILED = "task_failed";

    private ExecutionOutcomes() {
    }

    /**
     * @param what the step as people read it, for example {@code webapp_upgrade.upgrade on web_1, web_2}
     * @return the failure text of each instance that failed; empty when the execution terminated
     */
    static Map<String, String> failures(Execution ended, List<ManagerEvent> events, List<String> instanceIds,
            String what) {
        Map<String, String> failed = new LinkedHashMap<>();
        if (ended.succeeded()) {
            return failed;
        }
        boolean cancelled = "cancelled".equals(ended.status());
        for (String id : instanceIds) {
            if (!cancelled && has(events, id, TASK_SUCCEEDED)) {
                continue;
            }
            if (instanceIds.size() == 1 || cancelled) {
                failed.put(id, failure(ended, what));
            } else if (has(events, id, TASK_FAILED)) {
                failed.put(id, "its task failed: " + failure(ended, what));
            } else {
                failed.put(id, "outcome unknown, so counted as failed: execution " + ended.id() + " (" + what
                        + ") ended '" + ended.status() + "' without a task_succeeded event for " + id + "; "
                        + failure(ended, what));
            }
        }
        return failed;
    }

    /** All of {@code instanceIds} failed alike (one task covered them all, so it cannot tell them apart). */
    static Map<String, String> allFailed(Execution ended, List<String> instanceIds, String what) {
        Map<String, String> failed = new LinkedHashMap<>();
        if (!ended.succeeded()) {
            instanceIds.forEach(id -> failed.put(id, failure(ended, what)));
        }
        return failed;
    }

    /** The execution's own error text, with its id so that people can look it up. */
    static String failure(Execution ended, String what) {
        String error = ended.error().strip();
        if ("cancelled".equals(ended.status())) {
            return "execution " + ended.id() + " (" + what + ") was cancelled on the manager"
                    + (error.isEmpty() ? "" : ": " + error);
        }
        return (error.isEmpty() ? "execution ended '" + ended.status() + "' without an error text" : error)
                + " (execution " + ended.id() + ")";
    }

    private static boolean has(List<ManagerEvent> events, String instanceId, String eventType) {
        return events.stream().anyMatch(e -> eventType.equals(e.eventType()) && instanceId.equals(e.nodeInstanceId()));
    }
}
