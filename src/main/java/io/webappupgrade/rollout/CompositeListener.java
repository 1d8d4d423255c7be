package io.webappupgrade.rollout;

import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells several listeners, one thread at a time, and keeps a listener's failure from reaching the
 * run (a broken progress bar must not leave an instance out of the load balancer).
 */
final class CompositeListener implements RolloutListener {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeListener.class);

    private final List<RolloutListener> listeners;

    CompositeListener(List<RolloutListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private synchronized void tell(Consumer<RolloutListener> event) {
        for (RolloutListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("rollout listener {} failed; the run goes on", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void planMade(RolloutPlan plan, Instant at) {
        tell(l -> l.planMade(plan, at));
    }

    @Override
    public void puttingBack(String instanceId, Instant at) {
        tell(l -> l.puttingBack(instanceId, at));
    }

    @Override
    public void batchStarted(Batch batch, int batchCount, Instant at) {
        tell(l -> l.batchStarted(batch, batchCount, at));
    }

    @Override
    public void phaseStarted(String instanceId, Phase phase, Instant at) {
        tell(l -> l.phaseStarted(instanceId, phase, at));
    }

    @Override
    public void phaseEnded(String instanceId, PhaseSpan span) {
        tell(l -> l.phaseEnded(instanceId, span));
    }

    @Override
    public void instanceFinished(InstanceReport report) {
        tell(l -> l.instanceFinished(report));
    }

    @Override
    public void instanceFailed(InstanceReport report) {
        tell(l -> l.instanceFailed(report));
    }

    @Override
    public void rollbackStarted(List<String> instanceIds, Instant at) {
        tell(l -> l.rollbackStarted(instanceIds, at));
    }

    @Override
    public void delayStarted(int afterBatch, Duration delay, Instant at) {
        tell(l -> l.delayStarted(afterBatch, delay, at));
    }

    @Override
    public void delayEnded(DelaySpan span) {
        tell(l -> l.delayEnded(span));
    }

    @Override
    public void runFinished(RolloutSummary summary) {
        tell(l -> l.runFinished(summary));
    }
}
