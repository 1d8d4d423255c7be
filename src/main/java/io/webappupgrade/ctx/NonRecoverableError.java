package io.webappupgrade.ctx;

/**
 * The operation failed and running it again will not help (bad input, a release that never
 * became healthy). Cloudify does not retry it.
 */
public class NonRecoverableError extends RuntimeException {

    public NonRecoverableError(String message) {
        super(message);
    }

    public NonRecoverableError(String message, Throwable cause) {
        super(message, cause);
    }
}
