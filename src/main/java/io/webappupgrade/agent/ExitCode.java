package io.webappupgrade.agent;

/**
 * The agent's exit codes. Cloudify's script plugin only tells zero from non-zero; the outcome it
 * acts on (retry or not) is recorded through the ctx proxy before exiting, and wins over the code.
 */
public enum ExitCode {
    /** The operation succeeded. */
    OK(0),
    /** It failed and may pass if run again: Cloudify retries it (up to the operation's max_retries). */
    RECOVERABLE_FAILURE(1),
    /** The command line was wrong (unknown operation, missing CTX_SOCKET_URL). */
    USAGE(2),
    /** It failed for good: an abort was recorded, Cloudify does not retry it. */
    NON_RECOVERABLE_FAILURE(3),
    /** It asked Cloudify to run it again after a set time (a retry was recorded). */
    RETRY_REQUESTED(4),
    /** Cloudify stopped the operation (answered {@code stop_operation}); the agent ended at once. */
    STOPPED(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
