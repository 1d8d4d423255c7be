package io.webappupgrade.deployment;

/** An operation run through a {@link Deployment} ended in failure; the message is its error text. */
public class OperationFailedException extends RuntimeException {

    public OperationFailedException(String message) {
        super(message);
    }

    public OperationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
