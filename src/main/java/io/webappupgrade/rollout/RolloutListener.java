package io.webappupgrade.rollout;

import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Follows a run as it happens. Every method has an empty default, so a listener overrides only
 * what it shows. The engine calls a listener from one thread at a time (even while a batch runs
 * instances in parallel) and a listener that throws is logged and otherwise ignored, so
 * implementations need not be thread-safe and cannot break a run.
 */
public interface RolloutListener {

    default void planMade(RolloutPlan plan, Instant at) {
    }

    /** An instance a previous, interrupted run left out of the load balancer is being put back. */
    default void puttingBack(String instanceId, Instant at) {
    }

    default void batchStarted(Batch batch, int batchCount, Instant at) {
    }

    default void phaseStarted(String instanceId, Phase phase, Instant at) {
    }

    default void phaseEnded(String instanceId, PhaseSpan span) {
    }

    /** The instance ended well: upgraded, or stepped back. */
    default void instanceFinished(InstanceReport report) {
    }

    /** The instance ended badly: failed, rollback failed, or left out of the load balancer. */
    default void instanceFailed(InstanceReport report) {
    }

    /** Failures went beyond max_failures: the run stops and, when asked, rolls back these (newest first). */
    default void rollbackStarted(List<String> instanceIds, Instant at) {
    }

    default void delayStarted(int afterBatch, Duration delay, Instant at) {
    }

    default void delayEnded(DelaySpan span) {
    }

    default void runFinished(RolloutSummary summary) {
    }

    /** One listener that tells all of {@code listeners}, in order. */
    static RolloutListener all(RolloutListener... listeners) {
        return new CompositeListener(List.of(listeners));
    }
}
