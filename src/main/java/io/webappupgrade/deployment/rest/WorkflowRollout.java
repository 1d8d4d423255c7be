package io.webappupgrade.deployment.rest;

import io.webappupgrade.manager.Execution;
import io.webappupgrade.manager.ExistingRunningExecutionException;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.ManagerEvent;
import io.webappupgrade.manager.ManagerException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A rollout on a manager as ONE execution of the deployment's own workflow ({@code webapp_upgrade}
 * or {@code webapp_rollback}), followed to its end. The manager holds the deployment for the whole
 * run, the relationship's own {@code unlink}/{@code establish} run, and the engine is the one
 * {@code cfy executions start} runs.
 *
 * <p>Polls are adaptive: quick while events arrive, doubling up to {@link Settings#longestPoll()}
 * while nothing happens. Events and logs are relayed at INFO and up ({@code debug} adds DEBUG logs).
 * An execution that waits in the manager's queue (a system-wide execution runs) longer than
 * {@link Settings#queueTimeout()} is cancelled before it starts. An interrupt (Ctrl-C) asks the
 * manager to cancel; a second one asks it to force-cancel; the execution is followed until it ends,
 * at most {@link Settings#cancelTimeout()} after the first request.
 */
public final class WorkflowRollout {

    /** Exit codes, as the rollout command documents them. */
    public static final int SUCCEEDED = 0;
    public static final int FAILED = 1;
    public static final int CANCELLED = 4;
    /** Another execution held the deployment, or the execution never left the queue: nothing ran. */
    public static final int REFUSED = 5;

    private static final Set<String> WAITING = Set.of("pending", "queued", "scheduled");

    /**
     * @param firstPoll    the poll interval after a poll that brought events
     * @param longestPoll  the poll interval it doubles up to while nothing happens
     * @param queueTimeout how long the execution may wait to start
     * @param cancelTimeout how long a cancelled execution is followed before the CLI gives up on it
     * @param debug        relay DEBUG logs too
     */
    public record Settings(Duration firstPoll, Duration longestPoll, Duration queueTimeout, Duration cancelTimeout,
            boolean debug) {
        public Settings {
            Objects.requireNonNull(firstPoll, "firstPoll");
            Objects.requireNonNull(longestPoll, "longestPoll");
            Objects.requireNonNull(queueTimeout, "queueTimeout");
            Objects.requireNonNull(cancelTimeout, "cancelTimeout");
        }

        public static Settings standard(boolean debug) {
            return new Settings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(5),
                    Duration.ofSeconds(90), debug);
        }
    }

    /**
     * How the run ended.
     *
     * @param execution the execution as last read (null when none was started)
     * @param line      one line for people, never empty
     */
    public record Outcome(Execution execution, int exitCode, String line) {
    }

    private final ManagerClient client;
    private final String deploymentId;
    private final Settings settings;
    private final Consumer<String> out;
    private final Predicate<String> notForPeople;

    /** @param out receives the run's own lines and the relayed events, one line each */
    public WorkflowRollout(ManagerClient client, String deploymentId, Settings settings, Consumer<String> out) {
        this(client, deploymentId, settings, out, message -> false);
    }

    /**
     * @param notForPeople events whose message matches are not relayed (data the workflow publishes
     *                     for machines, such as its summary)
     */
    public WorkflowRollout(ManagerClient client, String deploymentId, Settings settings, Consumer<String> out,
            Predicate<String> notForPeople) {
        this.client = Objects.requireNonNull(client, "client");
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = Objects.requireNonNull(out, "out");
        this.notForPeople = Objects.requireNonNull(notForPeople, "notForPeople");
    }

    /** Whether the deployment's blueprint declares {@code workflow} (one {@code GET /deployments/{id}}). */
    public static boolean declares(ManagerClient client, String deploymentId, String workflow) {
        return client.deploymentWorkflows(deploymentId).contains(workflow);
    }

    /** Starts {@code workflow} with {@code parameters} once and follows it to its end. */
    public Outcome run(String workflow, Map<String, Object> parameters) {
        Execution started;
        try {
            started = client.startExecution(deploymentId, workflow, parameters);
        } catch (ExistingRunningExecutionException busy) {
            return new Outcome(null, REFUSED, "deployment " + deploymentId + " is busy with another execution, so "
                    + workflow + " was not started; nothing ran (wait for it to end, or cancel it, and run this again)."
                    + " The manager said: " + busy.getMessage());
        }
        out.accept("execution " + started.id() + " of " + workflow + " started on " + deploymentId);
        return follow(started, workflow);
    }

    private Outcome follow(Execution started, String workflow) {
        long begun = System.nanoTime();
        Execution current = started;
        int seen = 0;
        Duration poll = settings.firstPoll();
        long cancelDeadline = 0;
        boolean cancelAsked = false;
        boolean forceAsked = false;
        String cancelReason = "";
        while (!current.hasEnded()) {
            boolean interrupted = pause(poll);
            if (interrupted) {
                if (!cancelAsked) {
                    cancelAsked = true;
                    cancelReason = "interrupted";
                    cancelDeadline = System.nanoTime() + settings.cancelTimeout().toNanos();
                    ask(current, false, "interrupted: asked the manager to cancel execution " + current.id()
                            + "; the workflow puts the instance in flight back (Ctrl-C again to force-cancel)");
                } else if (!forceAsked) {
                    forceAsked = true;
                    ask(current, true, "interrupted again: asked the manager to force-cancel execution "
                            + current.id() + "; an instance may be left out of the load balancer (run the same "
                            + "command again to put it back)");
                }
                continue;
            }
            try {
                current = client.execution(current.id());
                int before = seen;
                seen = relay(current.id(), seen);
                poll = seen > before ? settings.firstPoll() : longer(poll);
            } catch (ManagerException e) {
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    continue;
                }
                throw e;
            }
            long now = System.nanoTime();
            if (!cancelAsked && WAITING.contains(current.status())
                    && now - begun > settings.queueTimeout().toNanos()) {
                cancelAsked = true;
                cancelReason = "queued";
                cancelDeadline = now + settings.cancelTimeout().toNanos();
                ask(current, false, "execution " + current.id() + " was still '" + current.status() + "' after "
                        + settings.queueTimeout().toSeconds() + " s (another execution holds the manager); "
                        + "asked the manager to cancel it before it starts");
            }
            if (cancelAsked && !current.hasEnded() && now - cancelDeadline > 0) {
                return new Outcome(current, CANCELLED, "execution " + current.id() + " was still '" + current.status()
                        + "' " + settings.cancelTimeout().toSeconds() + " s after the cancel request; it may still "
                        + "be running (cfy executions get " + current.id() + ")");
            }
        }
        return ended(current, workflow, cancelReason, seconds(System.nanoTime() - begun));
    }

    private Outcome ended(Execution ended, String workflow, String cancelReason, String took) {
        String what = "execution " + ended.id() + " of " + workflow + " on " + deploymentId;
        if (ended.succeeded()) {
            return new Outcome(ended, SUCCEEDED, what + " ended 'terminated' after " + took);
        }
        String error = ended.error().strip();
        if ("cancelled".equals(ended.status())) {
            int code = "queued".equals(cancelReason) ? REFUSED : CANCELLED;
            String by = cancelReason.isEmpty() ? " on the manager" : "queued".equals(cancelReason)
                    ? " before it started; nothing ran" : " as asked";
            return new Outcome(ended, code, what + " was cancelled" + by + " after " + took
                    + (error.isEmpty() ? "" : ": " + error));
        }
        return new Outcome(ended, FAILED, what + " ended '" + ended.status() + "' after " + took + ": "
                + (error.isEmpty() ? "the manager gave no error text (cfy events list " + ended.id() + ")" : error));
    }

    private void ask(Execution execution, boolean force, String line) {
        try {
            if (force) {
                client.forceCancelExecution(execution.id());
            } else {
                client.cancelExecution(execution.id());
            }
            out.accept(line);
        } catch (ManagerException e) {
            Thread.interrupted();
            out.accept("could not " + (force ? "force-cancel" : "cancel") + " execution " + execution.id() + ": "
                    + e.getMessage() + "; it may still be running (cfy executions cancel " + execution.id() + ")");
        }
    }

    /** Sleeps; true when interrupted (the flag is then clear). */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return Thread.interrupted();
        } catch (InterruptedException e) {
            return true;
        }
    }

    private Duration longer(Duration poll) {
        Duration doubled = poll.multipliedBy(2);
        return doubled.compareTo(settings.longestPoll()) > 0 ? settings.longestPoll() : doubled;
    }

    private int relay(String executionId, int seen) {
        int offset = seen;
        while (true) {
            ManagerClient.EventPage page = client.events(executionId, offset);
            for (ManagerEvent e : page.events()) {
                if ((settings.debug() || !"debug".equalsIgnoreCase(e.level())) && !notForPeople.test(e.message())) {
                    out.accept(e.describe());
                }
            }
            offset += page.events().size();
            if (page.events().isEmpty() || offset >= page.total()) {
                return offset;
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
