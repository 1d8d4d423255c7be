package io.webappupgrade.rollout.record;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One step inside an upgrade or rollback phase, as the operation itself timed it on the app's
 * host (runtime property {@code last_steps}).
 *
 * @param step           {@code install}, {@code stop}, {@code start} or {@code health}
 * @param version        the release the step worked on
 * @param durationMillis {@code endedAt - startedAt}
 */
public record StepSpan(String step, String version, Instant startedAt, Instant endedAt, long durationMillis,
        boolean succeeded) {

    public StepSpan {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    public static StepSpan of(String step, String version, Instant start, Instant end, boolean ok) {
        return new StepSpan(step, version, start, end, Duration.between(start, end).toMillis(), ok);
    }
}
