package io.webappupgrade.webapp;

import java.time.Instant;
import java.util.Optional;

/**
 * A started app, known by its pid AND its start time: a pid alone may since have been given to
 * another process, which must never be signalled in the app's name.
 */
public record AppProcess(long pid, Instant startedAt) {

    /** The live process this record names, if it still runs; empty when the pid is gone or reused. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(h -> h.info().startInstant().map(startedAt::equals).orElse(false))
                .filter(ProcessLiveness::isRunning);
    }

    public boolean isAlive() {
        return handle().isPresent();
    }
}
