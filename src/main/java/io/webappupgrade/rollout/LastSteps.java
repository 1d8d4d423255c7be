package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.StepSpan;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the steps an upgrade or rollback operation recorded in the runtime property
 * {@value #KEY}, keeping only those of this phase: the same operation, timed within it. A
 * {@code last_steps} left by an earlier run, or one that cannot be read, gives no steps; the
 * steps only illustrate a phase, so they never fail one.
 */
final class LastSteps {

    static final String KEY = "last_steps";
    private static final Set<String> KNOWN = Set.of("install", "stop", "start", "health");
    private static final Logger log = LoggerFactory.getLogger(LastSteps.class);

    private final Deployment deployment;

    LastSteps(Deployment deployment) {
        this.deployment = deployment;
    }

    /** The steps of {@code phase} on {@code instanceId} that fall within {@code [start, end]}; empty when none. */
    List<StepSpan> of(String instanceId, Phase phase, Instant start, Instant end) {
        try {
            return parse(deployment.runtimeProperties(instanceId).get(KEY), phase, start, end);
        } catch (RuntimeException e) {
            log.debug("no steps for {} of {}: {}", phase.wireName(), instanceId, e.toString());
            return List.of();
        }
    }

    static List<StepSpan> parse(Object value, Phase phase, Instant start, Instant end) {
        if (!(value instanceof Map<?, ?> last) || !phase.wireName().equals(last.get("operation"))
                || !(last.get("steps") instanceof List<?> steps)) {
            return List.of();
        }
        List<StepSpan> out = new ArrayList<>();
        for (Object o : steps) {
            step(o).filter(s -> !s.startedAt().isBefore(start) && !s.endedAt().isAfter(end)
                    && !s.endedAt().isBefore(s.startedAt())).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private static Optional<StepSpan> step(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("step") instanceof String name) || !KNOWN.contains(name)
                || !(m.get("ok") instanceof Boolean ok)) {
            return Optional.empty();
        }
        try {
            Instant started = Instant.parse(String.valueOf(m.get("started_at")));
            Instant ended = Instant.parse(String.valueOf(m.get("ended_at")));
            Object version = m.get("version");
            return Optional.of(StepSpan.of(name, version == null ? null : version.toString(), started,
                    ended, ok));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
