package io.webappupgrade.webapp;

import io.webappupgrade.ctx.RuntimeProperties;
import io.webappupgrade.version.Version;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Times the steps of one upgrade or rollback (install, stop, start, health) and writes them to
 * the runtime property {@value #KEY}: runtime properties are the one channel every runtime gives
 * back to the rollout, even through a REST API that returns no value. Not thread-safe; one
 * recorder per operation.
 */
final class StepRecorder {

    static final String KEY = "last_steps";
    static final String INSTALL = "install";
    static final String STOP = "stop";
    static final String START = "start";
    static final String HEALTH = "health";

    private final Clock clock;
    private final String operation;
    private final List<Map<String, Object>> steps = new ArrayList<>();

    StepRecorder(Clock clock, String operation) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** Runs {@code work} as step {@code step} of {@code version}; a step that throws is recorded as not ok. */
    <T> T time(String step, Version version, Supplier<T> work) {
        Instant start = clock.instant();
        boolean ok = false;
        try {
            T result = work.get();
            ok = true;
            return result;
        } finally {
            add(step, version, start, clock.instant(), ok);
        }
    }

    void run(String step, Version version, Runnable work) {
        time(step, version, () -> {
            work.run();
            return null;
        });
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Replaces {@value #KEY} with the steps so far and makes it durable at once. */
    void writeTo(RuntimeProperties runtime) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("operation", operation);
        value.put("steps", List.copyOf(steps));
        runtime.put(KEY, value);
        runtime.persist();
    }

    private void add(String step, Version version, Instant start, Instant end, boolean ok) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("step", step);
        entry.put("version", version.toString());
        entry.put("started_at", start.toString());
        entry.put("ended_at", end.toString());
        entry.put("ok", ok);
        steps.add(Collections.unmodifiableMap(entry));
    }
}
