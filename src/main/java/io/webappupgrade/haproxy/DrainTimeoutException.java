package io.webappupgrade.haproxy;

/**
 * A server still had sessions in flight when the drain timeout ran out. It was left in DRAIN
 * (no new traffic, the sessions it has continue) and was not deleted.
 */
public class DrainTimeoutException extends RuntimeException {

    private final String server;

    public DrainTimeoutException(String server, String message) {
        super(message);
        this.server = server;
    }

    public String server() {
        return server;
    }
}
