package io.webappupgrade.haproxy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Some of several side-by-side backend changes failed. Says which server failed and why, and what
 * the others did; worth retrying only when every failure was of a kind a retry can mend (the
 * runtime API or the lock busy, a server not yet healthy).
 */
public class BackendChangesException extends RuntimeException {

    private final boolean retryable;

    BackendChangesException(List<BackendChange> done, Map<String, RuntimeException> failed) {
        super(failed.size() + " of " + (done.size() + failed.size()) + " server change(s) failed: "
                + failed.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().getMessage())
                        .collect(Collectors.joining("; "))
                + (done.isEmpty() ? "" : "; done: " + done.stream().map(BackendChange::message)
                        .collect(Collectors.joining("; "))));
        this.retryable = failed.values().stream().allMatch(e -> e instanceof RuntimeApiException
                || e instanceof LockTimeoutException || e instanceof NotHealthyException);
    }

    public boolean retryable() {
        return retryable;
    }
}
