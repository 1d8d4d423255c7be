package io.webappupgrade.webapp;

import io.webappupgrade.wait.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an app: SIGTERM to it and its descendants, a grace period, then SIGKILL to whatever is
 * left. The pid's start time is checked first so a reused pid is never signalled; an app that is
 * already gone counts as stopped.
 */
public final class AppTerminator {

    private static final Logger log = LoggerFactory.getLogger(AppTerminator.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration FIRST_LOOK = Duration.ofMillis(5);
    private static final Duration LONGEST_LOOK = Duration.ofMillis(20);

    /** How a stop went. */
    public enum Outcome { ALREADY_STOPPED, STOPPED, KILLED }

    public Outcome stop(AppProcess app, Duration gracePeriod) {
        Optional<ProcessHandle> found = app.handle();
        if (found.isEmpty()) {
            log.info("the app (pid {} started at {}) is not running", app.pid(), app.startedAt());
            return Outcome.ALREADY_STOPPED;
        }
        ProcessHandle root = found.get();
        // Taken before signalling: once the app is gone its children are re-parented and untraceable.
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        all.addAll(root.descendants().toList());
        // ProcessHandle.destroy() is SIGTERM on Unix, and itself refuses a handle whose start time changed.
        all.forEach(ProcessHandle::destroy);
        if (waitForExit(all, gracePeriod)) {
            log.info("the app (pid {}) stopped after SIGTERM", app.pid());
            return Outcome.STOPPED;
        }
        List<ProcessHandle> left = all.stream().filter(ProcessLiveness::isRunning).toList();
        log.warn("the app (pid {}) did not stop within {} s of SIGTERM; sending SIGKILL to {} process(es)",
                app.pid(), gracePeriod.toSeconds(), left.size());
        left.forEach(ProcessHandle::destroyForcibly);
        if (!waitForExit(left, KILL_WAIT)) {
            throw new IllegalStateException("the app (pid " + app.pid() + ") survived SIGKILL");
        }
        return Outcome.KILLED;
    }

    /**
     * Looks at the processes itself, from 5 ms backing off to 20 ms: an app is never this JVM's
     * child ({@link AppLauncher} detaches it), and for a process that is not its child the JDK's
     * {@link ProcessHandle#onExit()} only checks every 300 ms or more (and never sees a zombie go).
     * An interrupt (Ctrl-C) does not cut the wait short: the wait is bounded, and a stop given up
     * half-way would SIGKILL an app that was exiting and leave the caller unable to start the
     * release it must put back. The interrupt is kept for the caller's next wait.
     */
    private static boolean waitForExit(List<ProcessHandle> processes, Duration timeout) {
        return Poll.backingOff(timeout, FIRST_LOOK, LONGEST_LOOK)
                .untilEvenIfInterrupted(() -> processes.stream().noneMatch(ProcessLiveness::isRunning))
                .done();
    }
}
