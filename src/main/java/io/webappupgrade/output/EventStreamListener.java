package io.webappupgrade.output;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.rollout.Batch;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutPlan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tells the runtime's event stream ({@link Deployment#publishEvent}) how the run goes, so
 * {@code cfy events} and the manager's UI show it. Phase starts are left out: the operations
 * report those themselves.
 */
public final class EventStreamListener implements RolloutListener {

    private final Deployment deployment;

    public EventStreamListener(Deployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public void planMade(RolloutPlan plan, Instant at) {
        ProgressText.plan(plan).forEach(deployment::publishEvent);
    }

    @Override
    public void puttingBack(String instanceId, Instant at) {
        deployment.publishEvent(ProgressText.puttingBack(instanceId));
    }

    @Override
    public void batchStarted(Batch batch, int batchCount, Instant at) {
        deployment.publishEvent(ProgressText.batch(batch, batchCount));
    }

    @Override
    public void phaseEnded(String instanceId, PhaseSpan span) {
        deployment.publishEvent(ProgressText.phaseEnded(instanceId, span));
    }

    @Override
    public void instanceFinished(InstanceReport report) {
        deployment.publishEvent(ProgressText.instance(report));
    }

    @Override
    public void instanceFailed(InstanceReport report) {
        deployment.publishEvent(ProgressText.instance(report));
    }

    @Override
    public void rollbackStarted(List<String> instanceIds, Instant at) {
        deployment.publishEvent(ProgressText.rollback(instanceIds));
    }

    @Override
    public void delayStarted(int afterBatch, Duration delay, Instant at) {
        deployment.publishEvent(ProgressText.delay(afterBatch, delay));
    }

    @Override
    public void runFinished(RolloutSummary summary) {
        ProgressText.finished(summary).forEach(deployment::publishEvent);
    }
}
