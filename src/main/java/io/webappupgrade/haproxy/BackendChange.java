package io.webappupgrade.haproxy;

/**
 * What an add or remove did.
 *
 * @param message one sentence for the operation's log, for example "server app_1 added at 10.0.0.5:8080"
 */
public record BackendChange(String server, Kind kind, String message) {

    public enum Kind {
        ADDED,
        ALREADY_PRESENT,
        REMOVED,
        ALREADY_ABSENT
    }

    /** True when the call changed nothing because the backend set was already as asked. */
    public boolean unchanged() {
        return kind == Kind.ALREADY_PRESENT || kind == Kind.ALREADY_ABSENT;
    }
}
