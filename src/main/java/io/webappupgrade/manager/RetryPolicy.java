package io.webappupgrade.manager;

import java.time.Duration;
import java.util.Objects;

/**
 * How reads (and execution polling) are retried after connection failures, timeouts and
 * 502/503/504 replies: up to {@code attempts} tries in all, waiting {@code firstBackoff}, then
 * twice as long each time, at most {@code maxBackoff}. Requests that change something are never
 * retried blindly, whatever this says.
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff) {

    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be at least 1, not " + attempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 or more, and the largest at least the first");
        }
    }

    /** Six tries over about 15 seconds: rides out a manager restart behind a proxy. */
    public static RetryPolicy standard() {
        return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** The wait before try number {@code attempt + 1} (attempt counts from 1). */
    Duration backoffAfter(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(20, attempt - 1);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
