package io.webappupgrade.deployment.rest;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the REST adapter paces itself.
 *
 * @param pollInterval      between two status reads of a running execution ({@code cfy} uses 1 s)
 * @param busyRetryInterval how long to wait before trying again when another execution is
 *                          running on the deployment
 * @param busyTimeout       how long in all to wait for the deployment to become free, per step
 * @param log               where the adapter logs
 * @param batchWindow       how long the calls of a batch's instances wait for a member that went
 *                          another way before they run without it (see {@link BatchCalls})
 */
public record RestSettings(Duration pollInterval, Duration busyRetryInterval, Duration busyTimeout, Logger log,
        Duration batchWindow) {

    /** A batch window of {@link #BATCH_WINDOW}. */
    public RestSettings(Duration pollInterval, Duration busyRetryInterval, Duration busyTimeout, Logger log) {
        this(pollInterval, busyRetryInterval, busyTimeout, log, BATCH_WINDOW);
    }

    /** Longer than the engine's work between two steps of an instance (a read or two), far shorter than a step. */
    public static final Duration BATCH_WINDOW = Duration.ofSeconds(2);

    public RestSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(busyRetryInterval, "busyRetryInterval");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(batchWindow, "batchWindow");
        if (pollInterval.isNegative() || busyRetryInterval.isNegative() || busyTimeout.isNegative()
                || batchWindow.isNegative()) {
            throw new IllegalArgumentException("intervals and timeouts may not be negative");
        }
    }

    /** Polls each second; waits for a busy deployment 10 s at a time, up to 30 minutes. */
    public static RestSettings standard() {
        return new RestSettings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(30),
                LoggerFactory.getLogger(RestDeployment.class));
    }

    public RestSettings withPollInterval(Duration interval) {
        return new RestSettings(interval, busyRetryInterval, busyTimeout, log, batchWindow);
    }

    public RestSettings withBusyWait(Duration retryInterval, Duration timeout) {
        return new RestSettings(pollInterval, retryInterval, timeout, log, batchWindow);
    }

    public RestSettings withLog(Logger logger) {
        return new RestSettings(pollInterval, busyRetryInterval, busyTimeout, logger, batchWindow);
    }

    public RestSettings withBatchWindow(Duration window) {
        return new RestSettings(pollInterval, busyRetryInterval, busyTimeout, log, window);
    }
}
