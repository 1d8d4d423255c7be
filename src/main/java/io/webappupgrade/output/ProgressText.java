package io.webappupgrade.output;

import io.webappupgrade.rollout.Batch;
import io.webappupgrade.rollout.PlannedInstance;
import io.webappupgrade.rollout.RolloutPlan;
import io.webappupgrade.rollout.SkippedInstance;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RestoredRelease;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.Totals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words people read about a run, shared by the console and the event stream. */
final class ProgressText {

    private ProgressText() {
    }

    static List<String> plan(RolloutPlan plan) {
        List<String> lines = new ArrayList<>();
        String action = plan.parameters().release().map(r -> "upgrade to " + r.version()).orElse("step back one release");
        lines.add("plan: " + action + ": " + plan.selected().size() + " of " + plan.candidates()
                + " candidate instance(s) in " + plan.batches().size() + " batch(es)"
                + (plan.parameters().dryRun() ? " (dry run: nothing will be called)" : ""));
        lines.add("  " + plan.parameters().servingRule());
        plan.parameters().orderRule(plan.batches().size()).ifPresent(rule -> lines.add("  " + rule));
        int width = plan.batches().isEmpty() ? 0 : plan.batches().get(0).instances().size();
        plan.parameters().batchRule(plan.batches().size(), width).ifPresent(rule -> lines.add("  " + rule));
        if (!plan.putBackFirst().isEmpty()) {
            lines.add("  first, put back in the load balancer (left out by an interrupted run): "
                    + String.join(", ", plan.putBackFirst()));
        }
        for (Batch b : plan.batches()) {
            lines.add("  batch " + b.number() + ": " + String.join(", ", b.instanceIds()));
        }
        for (PlannedInstance i : plan.selected()) {
            i.notes().forEach(n -> lines.add("  " + i.instanceId() + ": " + n));
        }
        for (SkippedInstance s : plan.skipped()) {
            lines.add("  skip " + s.instanceId() + ": " + s.reason());
        }
        return lines;
    }

    static String batch(Batch batch, int count) {
        return "batch " + batch.number() + "/" + count + ": " + String.join(", ", batch.instanceIds());
    }

    static String phaseStarted(String instanceId, Phase phase) {
        return instanceId + ": " + phase.wireName() + " ...";
    }

    static String phaseEnded(String instanceId, PhaseSpan span) {
        String took = duration(Duration.ofMillis(span.durationMillis()));
        String where = span.target() == null ? "" : " (" + span.target() + ")";
        return span.succeeded()
                ? instanceId + ": " + span.phase().wireName() + where + " done in " + took
                : instanceId + ": " + span.phase().wireName() + where + " FAILED after " + took + ": " + span.error();
    }

    static String instance(InstanceReport r) {
        return switch (r.status()) {
            case UPGRADED -> r.instanceId() + ": upgraded " + versions(r);
            case ROLLED_BACK -> r.instanceId() + ": rolled back";
            case LEFT_OUT_OF_LB -> r.instanceId() + ": LEFT OUT OF THE LOAD BALANCER: " + r.error();
            case ROLLBACK_FAILED -> r.instanceId() + ": ROLLBACK FAILED (back in the load balancer): " + r.error();
            case FAILED -> RestoredRelease.of(r).map(v -> r.instanceId() + ": FAILED, restored to its previous release "
                    + v + " (back in the load balancer): " + r.error()).orElseGet(() -> r.instanceId()
                    + ": FAILED (back in the load balancer): " + r.error());
            default -> r.instanceId() + ": " + r.status().wireName().toUpperCase(Locale.ROOT)
                    + " (back in the load balancer): " + r.error();
        };
    }

    static String puttingBack(String instanceId) {
        return instanceId + ": putting back in the load balancer (left out by an interrupted run)";
    }

    static String rollback(List<String> ids) {
        return "the run stopped: rolling back, newest first: " + String.join(", ", ids);
    }

    static String delay(int afterBatch, Duration delay) {
        return "waiting " + duration(delay) + " after batch " + afterBatch;
    }

    static List<String> finished(RolloutSummary s) {
        return List.of(
                "finished: " + s.outcome().wireName() + " (exit code " + s.exitCode() + ") in "
                        + duration(Duration.ofMillis(s.durationMillis())) + ": " + s.message(),
                totals(s.totals(), RestoredRelease.count(s.instances())));
    }

    /**
     * The counts that are not zero (as the report shows them), so that a run whose failed upgrade
     * was undone by the operation itself reads "failed 1 (restored to its previous release: 1)"
     * rather than "rolled back 0".
     */
    static String totals(Totals t, long restored) {
        List<String> parts = new ArrayList<>();
        parts.add("selected " + t.selected());
        count(parts, "upgraded", t.upgraded());
        count(parts, "rolled back", t.rolledBack());
        count(parts, "failed", t.failed());
        if (restored > 0) {
            parts.set(parts.size() - 1, parts.get(parts.size() - 1) + " (restored to its previous release: " + restored + ")");
        }
        count(parts, "rollback failed", t.rollbackFailed());
        count(parts, "left out of LB", t.leftOutOfLb());
        count(parts, "not started", t.notStarted());
        count(parts, "skipped", t.skipped());
        return "totals: " + String.join(", ", parts);
    }

    private static void count(List<String> parts, String label, int n) {
        if (n > 0) {
            parts.add(label + " " + n);
        }
    }

    private static String versions(InstanceReport r) {
        return "(" + (r.fromVersion() == null ? "unknown" : r.fromVersion()) + " -> "
                + (r.toVersion() == null ? "previous" : r.toVersion()) + ")";
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
    }
}
