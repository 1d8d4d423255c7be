package io.webappupgrade.haproxy;

/**
 * A server still had sessions in flight when the drain timeout ran out. The drain was cancelled:
 * the server is READY again (it keeps serving) and was not deleted.
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
