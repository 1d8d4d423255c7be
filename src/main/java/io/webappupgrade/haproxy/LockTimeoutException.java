package io.webappupgrade.haproxy;

/** Another change to the same HAProxy held the lock too long; this change was not made. */
public class LockTimeoutException extends RuntimeException {

    public LockTimeoutException(String message) {
        super(message);
    }
}
