package io.webappupgrade.haproxy;

/** HAProxy's runtime API refused a command, or could not be reached; the message names the command. */
public class RuntimeApiException extends RuntimeException {

    private final String command;

    public RuntimeApiException(String command, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
    }

    /** The command that failed, as sent. */
    public String command() {
        return command;
    }
}
