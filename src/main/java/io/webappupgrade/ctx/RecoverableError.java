package io.webappupgrade.ctx;

import java.time.Duration;
import java.util.Optional;

/** The operation failed in a way that may pass (a download that timed out); Cloudify may retry it. */
public class RecoverableError extends RuntimeException {

    private final Duration retryAfter;

    public RecoverableError(String message) {
        this(message, null, null);
    }

    public RecoverableError(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** When set, ask Cloudify to retry after this long rather than after its default interval. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
