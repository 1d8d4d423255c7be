package io.webappupgrade.report;

import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the pictures of a run are laid out from: the time window that holds the run and the probe,
 * when each batch started, and when an auto-rollback began. Derived from a {@link RolloutRecord} alone.
 *
 * @param batchStarts   batch number to the start of its first instance's own operation pass
 * @param rollbackStart the start of the first auto-rollback pass, if the run rolled back
 */
record RunShape(Instant start, Instant end, Map<Integer, Instant> batchStarts, Optional<Instant> rollbackStart,
        List<DelaySpan> delays) {

    static final String UPGRADE_WORKFLOW = "webapp_upgrade";

    static RunShape of(RolloutRecord record) {
        RolloutSummary summary = record.summary();
        Instant start = summary.startedAt();
        Instant end = summary.finishedAt();
        boolean upgradeRun = UPGRADE_WORKFLOW.equals(summary.workflow());
        Map<Integer, Instant> batchStarts = new TreeMap<>();
        Instant rollbackStart = null;
        for (InstanceReport instance : summary.instances()) {
            for (PhaseSpan span : instance.phases()) {
                start = min(start, span.startedAt());
                end = max(end, span.endedAt());
            }
            for (Pass pass : Pass.split(instance.phases())) {
                Pass.Kind kind = pass.kind(upgradeRun);
                if (kind == Pass.Kind.MAIN && instance.batch() > 0) {
                    batchStarts.merge(instance.batch(), pass.startedAt(), RunShape::min);
                } else if (kind == Pass.Kind.AUTO_ROLLBACK) {
                    rollbackStart = rollbackStart == null ? pass.startedAt() : min(rollbackStart, pass.startedAt());
                }
            }
        }
        for (DelaySpan delay : summary.delays()) {
            start = min(start, delay.startedAt());
            end = max(end, delay.endedAt());
        }
        if (record.probe() != null && !record.probe().buckets().isEmpty()) {
            start = min(start, record.probe().startedAt());
            end = max(end, record.probe().endedAt());
        }
        if (start == null || end == null) {
            // A summary of a run that never started (bad parameters) may carry no times at all.
            start = start != null ? start : end != null ? end : Instant.EPOCH;
            end = end != null ? end : start;
        }
        List<DelaySpan> delays = new ArrayList<>(summary.delays());
        delays.sort(Comparator.comparing(DelaySpan::startedAt));
        return new RunShape(start, end, batchStarts, Optional.ofNullable(rollbackStart), delays);
    }

    TimeScale scale(double left, double width) {
        return TimeScale.over(start, end, left, width);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}
