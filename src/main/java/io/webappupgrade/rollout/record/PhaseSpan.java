package io.webappupgrade.rollout.record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One phase of one instance, as it happened.
 *
 * @param target         for unlink and establish, the load balancer instance; otherwise null
 * @param durationMillis {@code endedAt - startedAt}
 * @param error          the failure's text; null when it succeeded
 * @param steps          for upgrade and rollback, the operation's own steps (install, stop, start,
 *                       health) in the order they ran; empty when it recorded none (and in
 *                       summaries written before steps were recorded)
 */
public record PhaseSpan(Phase phase, String target, Instant startedAt, Instant endedAt, long durationMillis,
        boolean succeeded, String error, List<StepSpan> steps) {

    public PhaseSpan {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A phase without steps. */
    public PhaseSpan(Phase phase, String target, Instant startedAt, Instant endedAt, long durationMillis,
            boolean succeeded, String error) {
        this(phase, target, startedAt, endedAt, durationMillis, succeeded, error, List.of());
    }

    public static PhaseSpan of(Phase phase, String target, Instant start, Instant end, String error, List<StepSpan> steps) {
        return new PhaseSpan(phase, target, start, end, Duration.between(start, end).toMillis(), error == null, error,
                steps);
    }
}
