package io.webappupgrade.manager;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A workflow execution, as {@code POST /executions} and {@code GET /executions/{id}} give it.
 *
 * @param status    Cloudify's status text: pending, started, queued, scheduled, cancelling,
 *                  force_cancelling, kill_cancelling, terminated, failed, cancelled
 * @param error     the error text of a failed execution, empty otherwise
 * @param createdAt as the manager wrote it (ISO-8601, UTC)
 */
public record Execution(String id, String deploymentId, String workflowId, String status, String error,
        String createdAt, Map<String, Object> parameters) {

    private static final Set<String> ENDED = Set.of("terminated", "failed", "cancelled");

    public Execution {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        error = error == null ? "" : error;
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Terminated, failed or cancelled: nothing more will happen. */
    public boolean hasEnded() {
        return ENDED.contains(status);
    }

    public boolean succeeded() {
        return "terminated".equals(status);
    }
}
