package io.webappupgrade.haproxy;

/**
 * The thread waiting for a server to drain was interrupted (Ctrl-C, SIGTERM, a cancelled run).
 * The drain was cancelled: the server is READY again and was not deleted.
 */
public class DrainInterruptedException extends RuntimeException {

    private final String server;

    public DrainInterruptedException(String server, String message) {
        super(message);
        this.server = server;
    }

    public String server() {
        return server;
    }
}
