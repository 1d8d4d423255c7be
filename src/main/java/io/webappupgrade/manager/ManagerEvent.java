package io.webappupgrade.manager;

/**
 * One event or log line of an execution, as {@code GET /events} gives it.
 *
 * @param type      {@code cloudify_event} or {@code cloudify_log}
 * @param eventType for events, for example {@code task_failed}; empty for logs
 * @param level     for logs, for example {@code info}; empty for events
 */
public record ManagerEvent(String reportedTimestamp, String type, String eventType, String level, String message,
        String nodeInstanceId, String operation) {

    /** One line for people, in the spirit of {@code cfy events list}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(reportedTimestamp.isEmpty() ? "" : reportedTimestamp + " ");
        b.append(eventType.isEmpty() ? (level.isEmpty() ? "LOG" : level.toUpperCase(java.util.Locale.ROOT)) : eventType);
        if (!nodeInstanceId.isEmpty()) {
            b.append(" [").append(nodeInstanceId);
            if (!operation.isEmpty()) {
                b.append('.').append(operation.substring(operation.lastIndexOf('.') + 1));
            }
            b.append(']');
        }
        return b.append(' ').append(message).toString();
    }
}
