package io.webappupgrade.rollout;

import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes each event down as a short line, with its time where the event has one. */
final class RecordingListener implements RolloutListener {

    private final List<String> lines = new ArrayList<>();

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    @Override
    public void planMade(RolloutPlan plan, Instant at) {
        add(at + " plan " + plan.selectedIds());
    }

    @Override
    public void puttingBack(String instanceId, Instant at) {
        add(at + " put back " + instanceId);
    }

    @Override
    public void batchStarted(Batch batch, int batchCount, Instant at) {
        add(at + " batch " + batch.number() + "/" + batchCount);
    }

    @Override
    public void phaseStarted(String instanceId, Phase phase, Instant at) {
        add(at + " start " + instanceId + " " + phase.wireName());
    }

    @Override
    public void phaseEnded(String instanceId, PhaseSpan span) {
        add(span.endedAt() + " end " + instanceId + " " + span.phase().wireName() + " " + span.durationMillis() + "ms"
                + (span.succeeded() ? "" : " error=" + span.error()));
    }

    @Override
    public void instanceFinished(InstanceReport report) {
        add("finished " + report.instanceId() + " " + report.status().wireName());
    }

    @Override
    public void instanceFailed(InstanceReport report) {
        add("failed " + report.instanceId() + " " + report.status().wireName());
    }

    @Override
    public void rollbackStarted(List<String> instanceIds, Instant at) {
        add(at + " rollback " + instanceIds);
    }

    @Override
    public void delayStarted(int afterBatch, Duration delay, Instant at) {
        add(at + " delay after " + afterBatch + " " + delay);
    }

    @Override
    public void delayEnded(DelaySpan span) {
        add(span.endedAt() + " delay ended " + span.durationMillis() + "ms");
    }

    @Override
    public void runFinished(RolloutSummary summary) {
        add(summary.finishedAt() + " run " + summary.outcome().wireName());
    }
}
