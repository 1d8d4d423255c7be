package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.rollout.record.BatchAnalysis;
import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.Totals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One execution of {@link RolloutEngine#run}: plan, put back, batches, rollback, summary. */
final class RolloutRun {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRun.class);

    private final Deployment deployment;
    private final RolloutJournal journal;
    private final RolloutListener listener;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Planner planner;
    private final RolloutParameters parameters;

    private Map<String, NodeInstance> instances;
    private RolloutPlan plan;
    private RunLedger ledger;
    private InstanceSteps steps;
    /** Why the next batch was not taken out (min_serving), when that stopped the run. */
    private String refusal;
    /** The verification windows so far; the last one stopped the run when it breached. */
    private final List<BatchAnalysis> analyses = new ArrayList<>();
    private final PrepareAhead ahead;

    RolloutRun(Deployment deployment, RolloutJournal journal, RolloutListener listener, Clock clock, Sleeper sleeper,
            Planner planner, RolloutParameters parameters) {
        this.deployment = deployment;
        this.journal = journal;
        this.listener = listener;
        this.clock = clock;
        this.sleeper = sleeper;
        this.planner = planner;
        this.parameters = parameters;
        this.ahead = new PrepareAhead(deployment, clock);
    }

    RolloutSummary execute() {
        Instant started = clock.instant();
        JournalKey key = JournalKey.of(deployment.id(), parameters);
        JournalState prior = journal.load(key).orElse(JournalState.EMPTY);
        List<NodeInstance> all = deployment.instances();
        instances = all.stream().collect(Collectors.toMap(NodeInstance::id, Function.identity(), (a, b) -> a));
        plan = planner.plan(all, parameters, prior);
        listener.planMade(plan, clock.instant());
        ledger = new RunLedger(journal, key, prior, plan, !parameters.dryRun());
        steps = new InstanceSteps(deployment, listener, clock, ledger, parameters, InstanceSteps.preparable(all), ahead);
        ServingGuard guard = new ServingGuard(deployment, parameters.minServing());
        CanaryAnalysis analysis = new CanaryAnalysis(deployment, parameters.verification(), clock, sleeper);

        if (parameters.dryRun()) {
            return finish(started, RolloutOutcome.DRY_RUN, dryRunMessage());
        }
        if (plan.isEmpty()) {
            ledger.clearJournal();
            return finish(started, RolloutOutcome.NOTHING_TO_DO, nothingToDoMessage());
        }
        StateCheck.require(deployment.id(), plan, instances);

        boolean interrupted = false;
        boolean stoppedOnFailures = false;
        try {
            if (restorePrevious()) {
                List<PlannedInstance> pending = new ArrayList<>(plan.selected());
                List<Batch> batches = plan.batches();
                boolean rolls = rolls();
                for (int at = 0; at < batches.size(); ) {
                    checkInterrupted();
                    int end = rolls ? stageEnd(at) : at + 1;
                    Optional<Batch> taken = end - at > 1 ? runRolling(batches.subList(at, end), pending, guard)
                            : runLockstep(batches.get(at), pending, guard);
                    if (taken.isEmpty()) {
                        break;
                    }
                    Batch batch = taken.get();
                    if (anyLeftOut()) {
                        break;
                    }
                    if (ledger.failures() > parameters.maxFailures()) {
                        stoppedOnFailures = true;
                        break;
                    }
                    if (verificationBreached(analysis, batch)) {
                        stoppedOnFailures = true;
                        break;
                    }
                    if (batch.number() < batches.size() && !parameters.delay().isZero()) {
                        delay(batch.number());
                    }
                    at = end;
                }
                ahead.close();
                if (stoppedOnFailures && parameters.autoRollback()) {
                    rollBack();
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            ahead.close();
        }

        RolloutOutcome outcome = outcome(interrupted, stoppedOnFailures);
        if (outcome != RolloutOutcome.LEFT_OUT_OF_LB && outcome != RolloutOutcome.CANCELLED
                && outcome != RolloutOutcome.REFUSED_MIN_SERVING) {
            ledger.clearJournal();
        }
        RolloutSummary summary = finish(started, outcome, message(outcome));
        if (interrupted) {
            // Set again only now: journal files are written above, and the caller must still see the interruption.
            Thread.currentThread().interrupt();
        }
        return summary;
    }

    /** Puts back what an interrupted run left out; false when one stays out (the run must not go on). */
    private boolean restorePrevious() throws InterruptedException {
        for (String id : plan.putBackFirst()) {
            checkInterrupted();
            NodeInstance instance = instances.get(id);
            if (!steps.restore(instance, Planner.loadBalancerLinks(instance, parameters.lbRelationship()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether batches may roll on into each other here: batch_mode rolling, more than one
     * instance per batch, and a deployment that runs operations side by side (one that runs them
     * one at a time gathers a batch's calls into one, which needs the whole batch).
     */
    private boolean rolls() {
        List<Batch> batches = plan.batches();
        if (parameters.batchMode() != BatchMode.ROLLING || batches.size() < 2 || batches.get(0).instances().size() < 2) {
            return false;
        }
        if (!deployment.runsOperationsSideBySide()) {
            deployment.publishEvent("batch_mode rolling runs as lockstep on this deployment: its operations run one at"
                    + " a time, each batch's together");
            return false;
        }
        return true;
    }

    /** The end (exclusive) of the batches from {@code at} on that roll into each other. */
    private int stageEnd(int at) {
        List<Batch> batches = plan.batches();
        int last = at;
        while (last + 1 < batches.size() && parameters.rollsOnAfter(batches.get(last).number())) {
            last++;
        }
        return last + 1;
    }

    /** Takes out and processes one batch, all of it before the next; empty when it was refused. */
    private Optional<Batch> runLockstep(Batch planned, List<PlannedInstance> pending, ServingGuard guard)
            throws InterruptedException {
        Optional<Batch> taken = takeBatch(planned, pending, guard);
        if (taken.isPresent()) {
            Batch batch = taken.get();
            listener.batchStarted(batch, plan.batches().size(), clock.instant());
            batch.instances().forEach(this::preparesInTurn);
            prepareAheadOfBatch(batch.number(), pending);
            runBatch(batch);
        }
        return taken;
    }

    /**
     * Processes the batches of {@code stage} as a rolling window: never more instances out than a
     * batch holds, and each next one taken (as the drain order says, min_serving checked) as soon
     * as one is back in. The k-th instance taken counts in the stage's batch k / width, so the
     * report still groups them in batches. It stops taking when an instance is left out, failures
     * pass max_failures or a worker breaks, and always waits for those out to end.
     *
     * @return the stage's last batch as taken (its verification window follows it); empty when
     *         min_serving refused an instance with none out (nothing more is then taken out)
     */
    private Optional<Batch> runRolling(List<Batch> stage, List<PlannedInstance> pending, ServingGuard guard)
            throws InterruptedException {
        int width = stage.get(0).instances().size();
        int total = stage.stream().mapToInt(b -> b.instances().size()).sum();
        int first = stage.get(0).number();
        InstanceAction action = action();
        Map<String, PlannedInstance> out = new LinkedHashMap<>();
        List<PlannedInstance> lastBatch = new ArrayList<>();
        RuntimeException broken = null;
        int taken = 0;
        boolean taking = true;
        try (BatchWorkers workers = new BatchWorkers("rollout-rolling", width)) {
            while (true) {
                while (taking && taken < total && out.size() < width) {
                    checkInterrupted();
                    int number = first + taken / width;
                    Optional<PlannedInstance> next;
                    try {
                        next = takeOne(number, pending, guard, out.values());
                    } catch (RuntimeException e) {
                        broken = e;
                        next = Optional.empty();
                    }
                    if (next.isEmpty()) {
                        // min_serving with others out waits for one of them to be back in; anything else stops taking
                        taking = broken == null && refusal == null && !out.isEmpty();
                        break;
                    }
                    PlannedInstance instance = next.get();
                    if (taken % width == 0) {
                        lastBatch.clear();
                    }
                    lastBatch.add(instance);
                    listener.batchStarted(new Batch(number, List.of(instance)), plan.batches().size(), clock.instant());
                    out.put(instance.instanceId(), instance);
                    preparesInTurn(instance);
                    workers.start(instance.instanceId(), () -> processInBatch(instance, action));
                    taken++;
                    prepareAhead(width, pending);
                }
                if (workers.running() == 0) {
                    break;
                }
                out.remove(workers.awaitOne());
                if (workers.failed() || anyLeftOut() || ledger.failures() > parameters.maxFailures()) {
                    taking = false;
                }
            }
            workers.throwFailure();
        }
        if (broken != null) {
            throw broken;
        }
        if (refusal != null) {
            return Optional.empty();
        }
        return lastBatch.isEmpty() ? Optional.empty()
                : Optional.of(new Batch(first + (taken - 1) / width, lastBatch));
    }

    /**
     * The next instance of a rolling stage, as the drain order says, counted in batch
     * {@code number}; empty when min_serving refuses it with the instances {@code out} counted as
     * leaving. With none out, the refusal is final: {@link #refusal} is set and published.
     */
    private Optional<PlannedInstance> takeOne(int number, List<PlannedInstance> pending, ServingGuard guard,
            Collection<PlannedInstance> out) throws InterruptedException {
        List<PlannedInstance> before = List.copyOf(pending);
        BalancerReadings readings = new BalancerReadings(deployment, instances);
        Batch one = NextBatch.take(number, 1, pending, parameters.drainOrder(), readings);
        List<PlannedInstance> leaving = new ArrayList<>(out);
        leaving.addAll(one.instances());
        Optional<String> refused = deployment.batchStarting(one.instanceIds());
        boolean fromAdapter = refused.isPresent();
        refused = fromAdapter ? refused : guard.refusal(new Batch(number, leaving), readings);
        if (refused.isEmpty()) {
            ledger.inBatch(one);
            return Optional.of(one.instances().get(0));
        }
        pending.clear();
        pending.addAll(before);
        if (fromAdapter || out.isEmpty()) {
            refusal = refused.get();
            deployment.publishEvent(refusal);
        }
        return Optional.empty();
    }

    /**
     * The instances of the next batch, {@code planned}'s size taken from {@code pending} as the
     * drain order says; empty, with {@link #refusal} set and published, when the adapter or
     * min_serving refuses it (nothing of it is then out of the load balancer).
     */
    private Optional<Batch> takeBatch(Batch planned, List<PlannedInstance> pending, ServingGuard guard)
            throws InterruptedException {
        int size = planned.instances().size();
        // The adapter may refuse before anything is read (another execution holds the deployment);
        // it is told the instances the plan's order gives, then again if the drain order takes others.
        List<String> likely = NextBatch.inPlanOrder(pending, size).stream().map(PlannedInstance::instanceId).toList();
        Optional<String> refused = deployment.batchStarting(likely);
        if (refused.isEmpty()) {
            BalancerReadings readings = new BalancerReadings(deployment, instances);
            Batch batch = NextBatch.take(planned.number(), size, pending, parameters.drainOrder(), readings);
            ledger.inBatch(batch);
            if (!batch.instanceIds().equals(likely)) {
                refused = deployment.batchStarting(batch.instanceIds());
            }
            refused = refused.isPresent() ? refused : guard.refusal(batch, readings);
            if (refused.isEmpty()) {
                return Optional.of(batch);
            }
        }
        refusal = refused.get();
        deployment.publishEvent(refusal);
        return Optional.empty();
    }

    /**
     * Starts preparing the batch at {@code index} (0 for the first) in the background: the next
     * batch while the current one runs, when the deployment runs operations side by side (a REST
     * adapter that runs one at a time would hold up this batch's steps behind them). Which
     * instances the next batch takes is known only when it starts; the first ones of
     * {@code pending} are prepared, and an instance taken instead prepares in its turn, still
     * serving.
     */
    private void prepareAheadOfBatch(int index, List<PlannedInstance> pending) {
        if (index < plan.batches().size()) {
            prepareAhead(plan.batches().get(index).instances().size(), pending);
        }
    }

    /** Holds the preparations ahead until {@code taken}'s own, when it prepares in its turn, has ended. */
    private void preparesInTurn(PlannedInstance taken) {
        if (steps.prepares(taken.instanceId(), action())) {
            ahead.turnComing(taken.instanceId());
        }
    }

    /** Starts preparing, in the background, the first {@code count} of {@code pending} not prepared yet. */
    private void prepareAhead(int count, List<PlannedInstance> pending) {
        if (!deployment.runsOperationsSideBySide()) {
            return;
        }
        InstanceAction action = action();
        for (PlannedInstance next : NextBatch.inPlanOrder(pending, count)) {
            if (steps.prepares(next.instanceId(), action)) {
                ahead.start(next.instanceId(), action.inputs());
            }
        }
    }

    private InstanceAction action() {
        return parameters.release().map(InstanceAction::upgrade).orElseGet(InstanceAction::stepBack);
    }

    private void runBatch(Batch batch) throws InterruptedException {
        InstanceAction action = action();
        if (batch.instances().size() == 1) {
            PlannedInstance only = batch.instances().get(0);
            processInBatch(only, action);
            return;
        }
        try (BatchWorkers workers = new BatchWorkers("rollout-batch-" + batch.number(), batch.instances().size())) {
            for (PlannedInstance i : batch.instances()) {
                workers.start(i.instanceId(), () -> processInBatch(i, action));
            }
            while (workers.running() > 0) {
                workers.awaitOne();
            }
            workers.throwFailure();
        }
    }

    /** One instance of a batch; the deployment hears when the engine is done with it. */
    private InstanceStatus processInBatch(PlannedInstance i, InstanceAction action) throws InterruptedException {
        try {
            return steps.process(i.instanceId(), i.nodeId(), i.lbRelationships(), action);
        } finally {
            // its own preparation has run by now, or never will: preparations ahead need not wait for it
            ahead.turnTaken(i.instanceId());
            deployment.instanceFinished(i.instanceId());
        }
    }

    /** Runs the verification window after {@code batch}, when one follows it; true when it stops the run. */
    private boolean verificationBreached(CanaryAnalysis analysis, Batch batch) throws InterruptedException {
        List<String> completed = ledger.completed();
        List<String> canary = batch.instanceIds().stream().filter(completed::contains).toList();
        Set<String> onNewRelease = new HashSet<>(completed);
        parameters.release().ifPresent(r -> instances.values().stream()
                .filter(i -> r.version().toString().equals(String.valueOf(
                        i.runtimeProperties().get(DeploymentOperations.APP_VERSION))))
                .forEach(i -> onNewRelease.add(i.id())));
        Optional<BatchAnalysis> window = analysis.watch(batch, canary, onNewRelease);
        window.ifPresent(analyses::add);
        return window.map(BatchAnalysis::breached).orElse(false);
    }

    /** The window that stopped the run, if one did. */
    private Optional<BatchAnalysis> breach() {
        return analyses.isEmpty() || !analyses.get(analyses.size() - 1).breached() ? Optional.empty()
                : Optional.of(analyses.get(analyses.size() - 1));
    }

    /** Rolls back, newest first and one at a time, what this run upgraded; stops if one cannot be put back. */
    private void rollBack() throws InterruptedException {
        List<String> newestFirst = new ArrayList<>(ledger.completed());
        Collections.reverse(newestFirst);
        if (newestFirst.isEmpty()) {
            return;
        }
        listener.rollbackStarted(List.copyOf(newestFirst), clock.instant());
        for (String id : newestFirst) {
            checkInterrupted();
            NodeInstance instance = instances.get(id);
            List<RelationshipInstance> links = instance == null ? List.of()
                    : Planner.loadBalancerLinks(instance, parameters.lbRelationship());
            String nodeId = instance == null ? "" : instance.nodeId();
            InstanceStatus status = steps.process(id, nodeId, links, InstanceAction.autoRollback());
            if (status == InstanceStatus.LEFT_OUT_OF_LB) {
                return;
            }
        }
    }

    private void delay(int afterBatch) throws InterruptedException {
        Instant start = clock.instant();
        listener.delayStarted(afterBatch, parameters.delay(), start);
        try {
            sleeper.sleep(parameters.delay());
        } finally {
            Instant end = clock.instant();
            DelaySpan span = new DelaySpan(afterBatch, start, end, Duration.between(start, end).toMillis(),
                    parameters.delay().toMillis());
            ledger.delayed(span);
            listener.delayEnded(span);
        }
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private boolean anyLeftOut() {
        return ledger.reports().stream().anyMatch(r -> r.status() == InstanceStatus.LEFT_OUT_OF_LB);
    }

    private RolloutOutcome outcome(boolean interrupted, boolean stoppedOnFailures) {
        List<InstanceReport> reports = ledger.reports();
        if (reports.stream().anyMatch(r -> r.status() == InstanceStatus.LEFT_OUT_OF_LB)) {
            return RolloutOutcome.LEFT_OUT_OF_LB;
        }
        if (interrupted) {
            return RolloutOutcome.CANCELLED;
        }
        if (refusal != null) {
            return RolloutOutcome.REFUSED_MIN_SERVING;
        }
        if (stoppedOnFailures) {
            boolean rolledBack = parameters.autoRollback() && ledger.completed().isEmpty()
                    && reports.stream().anyMatch(r -> r.status() == InstanceStatus.ROLLED_BACK);
            return rolledBack ? RolloutOutcome.ROLLED_BACK : RolloutOutcome.FAILED;
        }
        return ledger.failures() > 0 ? RolloutOutcome.SUCCEEDED_WITH_FAILURES : RolloutOutcome.SUCCEEDED;
    }

    private RolloutSummary finish(Instant started, RolloutOutcome outcome, String message) {
        Instant finished = clock.instant();
        List<InstanceReport> reports = ledger.reports();
        RolloutSummary summary = new RolloutSummary(deployment.id(), parameters.mode().workflow(), outcome,
                outcome.exitCode(), message, started, finished, Duration.between(started, finished).toMillis(),
                parameters.describe(), reports, ledger.delays(), Totals.of(plan.selected().size(), reports),
                analyses);
        LOG.info("{} on deployment {}: {} (exit code {}): {}", parameters.mode().workflow(), deployment.id(),
                outcome.wireName(), outcome.exitCode(), message);
        listener.runFinished(summary);
        return summary;
    }

    private String verb() {
        return parameters.release().map(r -> "upgrade").orElse("step back");
    }

    private String target() {
        return parameters.release().map(r -> " to " + r.version()).orElse(" one release");
    }

    private String dryRunMessage() {
        StringBuilder m = new StringBuilder("dry run: would ");
        if (!plan.putBackFirst().isEmpty()) {
            m.append("first put back in the load balancer ").append(String.join(", ", plan.putBackFirst())).append(", then ");
        }
        m.append(verb()).append(' ').append(plan.selected().size()).append(" instance(s)").append(target());
        if (!plan.selected().isEmpty()) {
            m.append(" in ").append(plan.batches().size()).append(" batch(es): ").append(String.join(", ", plan.selectedIds()));
        }
        return m.append("; ").append(parameters.servingRule()).append("; nothing was called").toString();
    }

    private String nothingToDoMessage() {
        if (plan.candidates() == 0) {
            return "nothing to do: no instance of a node with " + DeploymentOperations.UPGRADE + " and "
                    + DeploymentOperations.ROLLBACK + " matches the selection";
        }
        return "nothing to do: " + plan.skipped().size() + " of " + plan.candidates()
                + " candidate instance(s) skipped (see each instance's reason)";
    }

    private String message(RolloutOutcome outcome) {
        List<InstanceReport> reports = ledger.reports();
        String done = ids(reports, parameters.release().isPresent() ? InstanceStatus.UPGRADED : InstanceStatus.ROLLED_BACK);
        String failed = describe(reports, InstanceStatus.FAILED);
        return switch (outcome) {
            case SUCCEEDED -> (parameters.release().isPresent() ? "upgraded " : "stepped back ") + count(reports,
                    parameters.release().isPresent() ? InstanceStatus.UPGRADED : InstanceStatus.ROLLED_BACK)
                    + " instance(s)" + target() + ": " + done;
            case SUCCEEDED_WITH_FAILURES -> "completed with " + ledger.failures() + " failure(s), within max_failures "
                    + parameters.maxFailures() + ": " + failed + "; done: " + (done.isEmpty() ? "none" : done);
            case ROLLED_BACK -> breach().isPresent() ? breach().get().message() + "; rolled back: "
                    + ids(reports, InstanceStatus.ROLLED_BACK) : "stopped after " + ledger.failures() + " failure(s) (max_failures "
                    + parameters.maxFailures() + "): " + failed + "; rolled back: "
                    + ids(reports, InstanceStatus.ROLLED_BACK);
            case FAILED -> breach().isPresent() ? breach().get().message() + rollbackNote(reports) : "stopped after " + ledger.failures() + " failure(s) (max_failures " + parameters.maxFailures()
                    + "): " + failed + rollbackNote(reports);
            case LEFT_OUT_OF_LB -> "OUT OF THE LOAD BALANCER: " + describe(reports, InstanceStatus.LEFT_OUT_OF_LB)
                    + ". Put it back by hand, or re-run with the same parameters: the re-run puts it back first";
            case CANCELLED -> "interrupted" + interruptedNote(reports) + "; every instance is back in the load"
                    + " balancer; re-run with the same parameters to resume";
            case REFUSED_MIN_SERVING -> refusal + (done.isEmpty() ? "" : "; done before: " + done);
            default -> outcome.wireName();
        };
    }

    private static String interruptedNote(List<InstanceReport> reports) {
        String during = describe(reports, InstanceStatus.INTERRUPTED);
        return during.isEmpty() ? "" : " (" + during + ")";
    }

    private String rollbackNote(List<InstanceReport> reports) {
        if (!parameters.autoRollback()) {
            return "; auto_rollback is off: upgraded instances stay upgraded";
        }
        String rollbackFailed = describe(reports, InstanceStatus.ROLLBACK_FAILED);
        String upgraded = ids(reports, InstanceStatus.UPGRADED);
        return (rollbackFailed.isEmpty() ? "" : "; rollback failed: " + rollbackFailed)
                + (upgraded.isEmpty() ? "" : "; still upgraded: " + upgraded);
    }

    private static long count(List<InstanceReport> reports, InstanceStatus status) {
        return reports.stream().filter(r -> r.status() == status).count();
    }

    private static String ids(List<InstanceReport> reports, InstanceStatus status) {
        return reports.stream().filter(r -> r.status() == status).map(InstanceReport::instanceId)
                .collect(Collectors.joining(", "));
    }

    private static String describe(List<InstanceReport> reports, InstanceStatus status) {
        return reports.stream().filter(r -> r.status() == status)
                .map(r -> r.instanceId() + " (" + r.error() + ")").collect(Collectors.joining(", "));
    }
}
