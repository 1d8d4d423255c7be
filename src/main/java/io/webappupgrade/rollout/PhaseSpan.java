package io.webappupgrade.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One phase of one instance, as it happened.
 *
 * @param target         for unlink and establish, the load balancer instance; otherwise null
 * @param durationMillis {@code endedAt - startedAt}
 * @param error          the failure's text; null when it succeeded
 */
public record PhaseSpan(Phase phase, String target, Instant startedAt, Instant endedAt, long durationMillis,
        boolean succeeded, String error) {

    public PhaseSpan {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    static PhaseSpan of(Phase phase, String target, Instant start, Instant end, String error) {
        return new PhaseSpan(phase, target, start, end, Duration.between(start, end).toMillis(), error == null, error);
    }
}
