package io.webappupgrade.haproxy;

/** A server added to the backend did not pass a health check in time; it takes no traffic. */
public class NotHealthyException extends RuntimeException {

    public NotHealthyException(String message) {
        super(message);
    }
}
