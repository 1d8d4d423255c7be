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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One execution of {@link RolloutEngine#run}: plan, put back, batches, rollback, summary. */
final class RolloutRun {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRun.class);
    /** How long a cancelled batch waits for its workers to notice the interruption. */
    private static final Duration WORKER_STOP_WAIT = Duration.ofSeconds(60);

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
                for (Batch planned : plan.batches()) {
                    checkInterrupted();
                    Optional<Batch> taken = takeBatch(planned, pending, guard);
                    if (taken.isEmpty()) {
                        break;
                    }
                    Batch batch = taken.get();
                    listener.batchStarted(batch, plan.batches().size(), clock.instant());
                    prepareAhead(batch.number(), pending);
                    runBatch(batch);
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
                    if (batch.number() < plan.batches().size() && !parameters.delay().isZero()) {
                        delay(batch.number());
                    }
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
    private void prepareAhead(int index, List<PlannedInstance> pending) {
        if (!deployment.runsOperationsSideBySide() || index >= plan.batches().size()) {
            return;
        }
        InstanceAction action = action();
        for (PlannedInstance next : NextBatch.inPlanOrder(pending, plan.batches().get(index).instances().size())) {
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
        AtomicInteger workerCount = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(batch.instances().size(), task -> {
            Thread t = new Thread(task, "rollout-batch-" + batch.number() + "-" + workerCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<InstanceStatus>> running = new ArrayList<>();
            for (PlannedInstance i : batch.instances()) {
                running.add(workers.submit(() -> processInBatch(i, action)));
            }
            RuntimeException broken = null;
            InterruptedException stopped = null;
            for (Future<InstanceStatus> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InterruptedException i && stopped == null) {
                        // A worker stopped by a cancel the deployment reported: the run stops as on Ctrl-C.
                        stopped = i;
                    } else if (e.getCause() instanceof RuntimeException r && broken == null) {
                        broken = r;
                    } else if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                }
            }
            if (stopped != null) {
                throw stopped;
            }
            if (broken != null) {
                throw broken;
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            if (!workers.awaitTermination(WORKER_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("batch {}: operations still running {} after the run was interrupted", batch.number(),
                        WORKER_STOP_WAIT);
            }
            throw e;
        } finally {
            workers.shutdownNow();
        }
    }

    /** One instance of a batch; the deployment hears when the engine is done with it. */
    private InstanceStatus processInBatch(PlannedInstance i, InstanceAction action) throws InterruptedException {
        try {
            return steps.process(i.instanceId(), i.nodeId(), i.lbRelationships(), action);
        } finally {
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
