package io.webappupgrade.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * What Ctrl-C and SIGTERM do to a rollout on the command line. The first asks the run to stop:
 * the thread running it is interrupted, so the step in flight stops (a drain is cancelled, an
 * instance put back) and the run ends with exit code 4 after writing its journal and report. A
 * second one within {@link #FORCE_WINDOW} gives up waiting: it says what may be left out of the
 * load balancer and exits at once.
 */
final class RunInterrupter {

    static final Duration FORCE_WINDOW = Duration.ofSeconds(5);
    /** Exit code of a forced exit: an instance may be out of the load balancer, as exit 3 says. */
    static final int FORCED_EXIT = 3;

    private final Thread run;
    private final PrintStream err;
    private final Clock clock;
    private final Supplier<String> leftOut;
    private final IntConsumer exit;
    private Instant first;

    /**
     * @param run     the thread running the rollout
     * @param leftOut what may be out of the load balancer right now, in words (empty: nothing)
     * @param exit    ends the process at once with a code (Runtime.halt in production)
     */
    RunInterrupter(Thread run, PrintStream err, Clock clock, Supplier<String> leftOut, IntConsumer exit) {
        this.run = run;
        this.err = err;
        this.clock = clock;
        this.leftOut = leftOut;
        this.exit = exit;
    }

    synchronized void signal(String name) {
        Instant now = clock.instant();
        if (first != null && Duration.between(first, now).compareTo(FORCE_WINDOW) <= 0) {
            String left = leftOut.get();
            err.println("SIG" + name + " again: exiting now without waiting; "
                    + (left.isEmpty() ? "no instance was out of the load balancer"
                            : "may be OUT of the load balancer: " + left + "; run the same command again to put it back"));
            err.flush();
            exit.accept(left.isEmpty() ? 4 : FORCED_EXIT);
            return;
        }
        first = now;
        err.println("SIG" + name + " received: stopping the current step and putting the instance back in the load"
                + " balancer (again within " + FORCE_WINDOW.toSeconds() + " s to exit at once)");
        err.flush();
        run.interrupt();
    }
}
