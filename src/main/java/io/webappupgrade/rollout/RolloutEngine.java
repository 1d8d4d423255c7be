package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Clock;
import java.util.Objects;

/**
 * Runs rolling upgrades (and rollbacks) of a {@link Deployment}, whichever runtime is behind it.
 *
 * <p>Per batch, each instance is taken out of the load balancer ({@code unlink} on the target
 * side, with {@code drain_timeout}), upgraded ({@code webapp_upgrade.upgrade} with {@code version},
 * {@code url}, {@code sha256}) and put back ({@code establish}); the instances of a batch run in
 * parallel, and the next batch starts only when the whole batch is back in, after {@code delay}. A
 * failed instance is put back on whichever release it serves (the operation restores the old one
 * itself). When failures exceed {@code max_failures} the run stops after the current batch and,
 * with {@code auto_rollback}, rolls back the instances it upgraded, newest first, one at a time, the
 * same load-balancer-aware way. An instance that cannot be put back stops the run: the summary
 * names it and why (exit code 3), and no other instance is taken out.
 *
 * <p>Every step is journaled (see {@link RolloutJournal}): a run killed half-way and started again
 * with the same parameters first puts back whatever the journal says is out of the load balancer,
 * then continues; instances already done are skipped by the plan. The journal is cleared when a
 * run ends with every instance back in the load balancer, except after an interruption.
 *
 * <p>Interrupting the calling thread cancels the run: the operations in flight are no longer waited
 * for, nothing new is started, and the summary says {@link RolloutOutcome#CANCELLED} (or
 * {@link RolloutOutcome#LEFT_OUT_OF_LB} when an instance was out at that moment). The thread's
 * interrupt flag is set again on return.
 */
public final class RolloutEngine {

    private final Deployment deployment;
    private final RolloutJournal journal;
    private final RolloutListener listener;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Planner planner = new Planner();

    public RolloutEngine(Deployment deployment, RolloutJournal journal, RolloutListener listener, Clock clock,
            Sleeper sleeper) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.listener = RolloutListener.all(Objects.requireNonNull(listener, "listener"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Runs a rollout to the end (or returns its plan, for a dry run) and reports what happened.
     *
     * @throws InvalidParametersException when node_ids or instance_ids name nothing suitable in
     *                                    this deployment; nothing was run
     */
    public RolloutSummary run(RolloutParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return new RolloutRun(deployment, journal, listener, clock, sleeper, planner, parameters).execute();
    }

    /** What {@link #run} would do now, calling nothing and writing nothing. */
    public RolloutPlan plan(RolloutParameters parameters) {
        JournalState prior = journal.load(JournalKey.of(deployment.id(), parameters)).orElse(JournalState.EMPTY);
        return planner.plan(deployment.instances(), parameters, prior);
    }
}
