package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.StepSpan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The load-balancer-aware steps for one instance: [prepare] -> unlink (drained) -> operation -> establish.
 * Whatever happens in between, the instance is put back; when that fails, it is recorded as
 * left out of the load balancer, loudly.
 */
final class InstanceSteps {

    private static final String RESUME_HINT =
            "a re-run with the same parameters puts it back in the load balancer first";

    private final Deployment deployment;
    private final RolloutListener listener;
    private final Clock clock;
    private final RunLedger ledger;
    private final Map<String, Object> unlinkInputs;
    private final LastSteps lastSteps;
    private final Set<String> preparable;
    private final PrepareAhead ahead;

    /**
     * @param preparable the instances whose node has {@link DeploymentOperations#PREPARE}
     * @param ahead      the preparations started before an instance's turn
     */
    InstanceSteps(Deployment deployment, RolloutListener listener, Clock clock, RunLedger ledger,
            RolloutParameters parameters, Set<String> preparable, PrepareAhead ahead) {
        this.deployment = deployment;
        this.listener = listener;
        this.clock = clock;
        this.ledger = ledger;
        this.unlinkInputs = Map.of("drain_timeout", parameters.drainTimeoutSeconds());
        this.lastSteps = new LastSteps(deployment);
        this.preparable = Set.copyOf(preparable);
        this.ahead = ahead;
    }

    /** Whether {@code instanceId} prepares before it leaves the load balancer, for {@code action}. */
    boolean prepares(String instanceId, InstanceAction action) {
        return action.preparesFirst() && preparable.contains(instanceId);
    }

    /** The ids of the instances whose node has {@link DeploymentOperations#PREPARE}. */
    static Set<String> preparable(List<NodeInstance> instances) {
        return instances.stream().filter(i -> i.hasOperation(DeploymentOperations.PREPARE)).map(NodeInstance::id)
                .collect(Collectors.toSet());
    }

    /** Runs {@code action} on one instance, taking it out of the load balancer around it. */
    InstanceStatus process(String instanceId, String nodeId, List<RelationshipInstance> links, InstanceAction action)
            throws InterruptedException {
        InstanceRecord record = ledger.record(instanceId, nodeId);
        List<String> errors = new ArrayList<>();
        boolean out = false;
        try {
            Optional<String> notPrepared = prepareWhileServing(record, instanceId, action);
            if (notPrepared.isPresent()) {
                errors.add("prepare failed, so " + instanceId + " was never taken out of the load balancer: "
                        + notPrepared.get());
                ledger.failed(instanceId);
                return finish(record, action.failure(), errors);
            }
            boolean unlinked = true;
            if (!links.isEmpty()) {
                // Written before the unlink: a crash during it must still lead a re-run to put the instance back.
                ledger.takenOut(instanceId);
                out = true;
                for (RelationshipInstance link : links) {
                    Optional<String> error = phase(record, Phase.UNLINK, link.targetInstanceId(), () ->
                            deployment.runTargetRelationshipOperation(instanceId, link, DeploymentOperations.UNLINK,
                                    unlinkInputs));
                    if (error.isPresent()) {
                        errors.add("unlink from " + link.targetInstanceId() + " failed: " + error.get());
                        unlinked = false;
                        break;
                    }
                }
            }
            boolean done = false;
            if (unlinked) {
                Optional<String> error = phase(record, action.phase(), null, () ->
                        deployment.runNodeOperation(instanceId, action.operation(), action.inputs()));
                done = error.isEmpty();
                error.ifPresent(e -> errors.add(action.phase().wireName() + " failed: " + e));
            }
            boolean back = establishAll(record, instanceId, links, errors);
            if (back && out) {
                ledger.putBack(instanceId);
                out = false;
            }
            if (done) {
                if (action.undoesUpgrade()) {
                    ledger.undone(instanceId);
                } else {
                    ledger.completed(instanceId);
                }
            } else if (!action.undoesUpgrade()) {
                ledger.failed(instanceId);
            }
            InstanceStatus status = !back ? InstanceStatus.LEFT_OUT_OF_LB : done ? action.success() : action.failure();
            return finish(record, status, errors);
        } catch (InterruptedException e) {
            String during = lastPhase(record);
            boolean back = !out || putBackAfterInterrupt(record, instanceId, links, errors);
            if (back && out) {
                ledger.putBack(instanceId);
            }
            errors.add(0, "run interrupted during " + during + (out && back ? "; put back in the load balancer" : ""));
            if (!back) {
                errors.add(RESUME_HINT);
            }
            finish(record, back ? InstanceStatus.INTERRUPTED : InstanceStatus.LEFT_OUT_OF_LB, errors);
            throw e;
        }
    }

    /**
     * Runs {@code webapp_upgrade.prepare} (fetch, check, unpack) while the instance still serves,
     * when its node has that operation and the action has a release to fetch; so a missing or bad
     * archive fails the instance without costing capacity. Nodes without it keep the old order.
     *
     * @return the prepare's error, empty when it succeeded or was not run
     */
    private Optional<String> prepareWhileServing(InstanceRecord record, String instanceId, InstanceAction action)
            throws InterruptedException {
        if (!prepares(instanceId, action)) {
            ahead.turnTaken(instanceId);
            return Optional.empty();
        }
        Optional<PrepareAhead.Outcome> done = ahead.take(instanceId);
        if (done.isPresent()) {
            // prepared while the batch before ran: its phase says when it really ran
            PrepareAhead.Outcome outcome = done.get();
            listener.phaseStarted(instanceId, Phase.PREPARE, outcome.start());
            end(record, Phase.PREPARE, null, outcome.start(), outcome.end(), outcome.error().orElse(null), List.of());
            return outcome.error();
        }
        try {
            return phase(record, Phase.PREPARE, null, () ->
                    deployment.runNodeOperation(instanceId, DeploymentOperations.PREPARE, action.inputs()));
        } finally {
            ahead.turnTaken(instanceId);
        }
    }

    /**
     * After an interruption, puts the instance back before the run ends. The interrupt flag is
     * cleared while establish runs (it would stop that too); the InterruptedException the caller
     * rethrows carries the interruption on.
     */
    private boolean putBackAfterInterrupt(InstanceRecord record, String instanceId, List<RelationshipInstance> links,
            List<String> errors) {
        Thread.interrupted();
        try {
            return establishAll(record, instanceId, links, errors);
        } catch (InterruptedException again) {
            errors.add("interrupted again while putting it back");
            return false;
        }
    }

    /**
     * Puts back an instance a previous, interrupted run left out of the load balancer. That run may
     * have ended with the app stopped (killed, or a second Ctrl-C while an upgrade switched back),
     * so the node's {@code start} runs first when it has one: it starts the recorded release again,
     * or only checks the health of the app that runs. An app that does not serve is not put back.
     *
     * @return whether it is back in
     */
    boolean restore(NodeInstance instance, List<RelationshipInstance> links) throws InterruptedException {
        String instanceId = instance.id();
        InstanceRecord record = ledger.record(instanceId, instance.nodeId());
        record.note("left out of the load balancer by an interrupted run: put back before anything else");
        listener.puttingBack(instanceId, clock.instant());
        List<String> errors = new ArrayList<>();
        try {
            Optional<String> notServing = instance.hasOperation(DeploymentOperations.START)
                    ? outcome(() -> deployment.runNodeOperation(instanceId, DeploymentOperations.START, Map.of()))
                    : Optional.empty();
            if (notServing.isPresent()) {
                errors.add("its app did not start again, so it was not put back in the load balancer: "
                        + notServing.get());
                errors.add("once its app can start, " + RESUME_HINT);
            } else if (establishAll(record, instanceId, links, errors)) {
                ledger.putBack(instanceId);
                return true;
            }
        } catch (InterruptedException e) {
            errors.add("run interrupted while putting it back; " + RESUME_HINT);
            finish(record, InstanceStatus.LEFT_OUT_OF_LB, errors);
            throw e;
        }
        finish(record, InstanceStatus.LEFT_OUT_OF_LB, errors);
        return false;
    }

    /** Runs a call that is not a phase of its own; returns its error text, empty when it succeeded. */
    private static Optional<String> outcome(Call call) throws InterruptedException {
        try {
            call.run();
            return Optional.empty();
        } catch (OperationFailedException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Establishes every link, even after one fails, so as much as possible is back in. */
    private boolean establishAll(InstanceRecord record, String instanceId, List<RelationshipInstance> links,
            List<String> errors) throws InterruptedException {
        boolean all = true;
        for (RelationshipInstance link : links) {
            Optional<String> error = phase(record, Phase.ESTABLISH, link.targetInstanceId(), () ->
                    deployment.runTargetRelationshipOperation(instanceId, link, DeploymentOperations.ESTABLISH, Map.of()));
            if (error.isPresent()) {
                errors.add("establish in " + link.targetInstanceId() + " failed, so " + instanceId
                        + " is OUT of that load balancer: " + error.get());
                all = false;
            }
        }
        return all;
    }

    private InstanceStatus finish(InstanceRecord record, InstanceStatus status, List<String> errors) {
        record.finish(status, errors);
        InstanceReport report = record.report();
        if (status == InstanceStatus.UPGRADED || status == InstanceStatus.ROLLED_BACK) {
            listener.instanceFinished(report);
        } else {
            listener.instanceFailed(report);
        }
        return status;
    }

    /** Runs one timed phase; returns its error text, empty when it succeeded. */
    private Optional<String> phase(InstanceRecord record, Phase phase, String target, Call call)
            throws InterruptedException {
        Instant start = clock.instant();
        listener.phaseStarted(record.instanceId(), phase, start);
        String error = null;
        try {
            call.run();
        } catch (OperationFailedException e) {
            error = String.valueOf(e.getMessage());
            if (Thread.interrupted()) {
                // An in-process operation stopped by the interruption: it failed because of it, so the run stops.
                end(record, phase, target, start, clock.instant(), "interrupted: " + error, List.of());
                throw new InterruptedException(error);
            }
        } catch (InterruptedException e) {
            end(record, phase, target, start, clock.instant(), "interrupted", List.of());
            throw e;
        } catch (RuntimeException e) {
            // An adapter that broke (lost connection, bug) leaves the operation's outcome unknown: a failure.
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Instant end = clock.instant();
        end(record, phase, target, start, end, error, stepsOf(record.instanceId(), phase, start, end));
        return Optional.ofNullable(error);
    }

    /** The operation's own steps, for the phases whose operation records them. */
    private List<StepSpan> stepsOf(String instanceId, Phase phase, Instant start, Instant end) {
        return phase == Phase.UPGRADE || phase == Phase.ROLLBACK ? lastSteps.of(instanceId, phase, start, end)
                : List.of();
    }

    private void end(InstanceRecord record, Phase phase, String target, Instant start, Instant end, String error,
            List<StepSpan> steps) {
        PhaseSpan span = PhaseSpan.of(phase, target, start, end, error, steps);
        record.add(span);
        listener.phaseEnded(record.instanceId(), span);
    }

    private static String lastPhase(InstanceRecord record) {
        List<PhaseSpan> phases = record.report().phases();
        return phases.isEmpty() ? "its first step" : phases.get(phases.size() - 1).phase().wireName();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws InterruptedException;
    }
}
