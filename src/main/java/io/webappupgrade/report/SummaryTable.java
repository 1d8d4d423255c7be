package io.webappupgrade.report;

import io.webappupgrade.rollout.record.BatchAnalysis;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RestoredRelease;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One row per instance: versions, status, time out of the load balancer, time per phase, error. */
final class SummaryTable {

    private static final String NONE = "\u2013";

    private final RolloutSummary summary;

    SummaryTable(RolloutSummary summary) {
        this.summary = summary;
    }

    void render(Markup m) {
        m.open("table", "id", "instances");
        m.open("thead").open("tr");
        for (String heading : List.of("Instance", "Node", "Batch", "From", "To", "Status", "Out of LB", "Prepare",
                "Drain", "Upgrade", "Re-add", "Rollback", "Total")) {
            m.element("th", heading, "scope", "col");
        }
        if (!summary.analyses().isEmpty()) {
            m.element("th", "Verification (new vs old release)", "scope", "col");
        }
        m.element("th", "Error / notes", "scope", "col");
        m.close().close();
        m.open("tbody");
        summary.instances().forEach(i -> row(m, i));
        m.close();
        m.close();
    }

    private void row(Markup m, InstanceReport i) {
        m.open("tr", "data-instance", i.instanceId());
        m.element("th", i.instanceId(), "scope", "row");
        m.element("td", i.nodeId());
        m.element("td", i.batch() > 0 ? Integer.toString(i.batch()) : NONE, "class", "num");
        m.element("td", orNone(i.fromVersion()));
        m.element("td", orNone(i.toVersion()));
        m.open("td").element("span", i.status().wireName().replace('_', ' ')
                + RestoredRelease.of(i).map(v -> ", restored to " + v).orElse(""),
                "class", "status " + tone(i.status())).close();
        m.element("td", millis(outOfLoadBalancer(i)), "class", "num");
        for (Phase phase : List.of(Phase.PREPARE, Phase.UNLINK, Phase.UPGRADE, Phase.ESTABLISH,
                Phase.ROLLBACK)) {
            m.element("td", millis(total(i, phase)), "class", "num");
        }
        m.element("td", millis(i.phases().isEmpty() ? -1 : Duration.between(i.phases().get(0).startedAt(),
                i.phases().get(i.phases().size() - 1).endedAt()).toMillis()), "class", "num");
        if (!summary.analyses().isEmpty()) {
            window(m, i);
        }
        m.open("td", "class", i.error() == null ? null : "error");
        if (i.error() != null) {
            m.text(i.error());
        }
        for (String note : i.notes()) {
            m.element("span", note, "class", "notes");
        }
        m.close();
        m.close();
    }

    /** The canary-vs-baseline numbers of the window after the instance's batch, if one watched it. */
    private void window(Markup m, InstanceReport i) {
        Optional<BatchAnalysis> window = summary.analyses().stream()
                .filter(a -> a.instanceIds().contains(i.instanceId())).reduce((first, last) -> last);
        if (window.isEmpty()) {
            m.element("td", NONE);
            return;
        }
        BatchAnalysis a = window.get();
        m.open("td", "class", "window " + (a.breached() ? "error" : "ok"), "data-verdict", a.verdict());
        m.element("span", a.verdict().replace('_', ' '), "class", "status " + (a.breached() ? "bad" : "ok"));
        m.text(" errors " + percent(a.canary().errorRate()) + " vs " + percent(a.baseline().errorRate())
                + " (max " + percent(a.maxErrorRate()) + "), rtime " + ms(a.canary().responseTimeMs()) + " vs "
                + ms(a.baseline().responseTimeMs()) + ", " + a.canary().requests() + " vs " + a.baseline().requests()
                + " requests");
        m.close();
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String ms(long millis) {
        return millis < 0 ? NONE : millis + " ms";
    }

    /** An instance stepped back is good news in a rollback run and bad news in an upgrade. */
    private String tone(InstanceStatus status) {
        if (status == InstanceStatus.ROLLED_BACK) {
            return RunShape.UPGRADE_WORKFLOW.equals(summary.workflow()) ? "warn" : "ok";
        }
        return ReportStyle.tone(status.wireName());
    }

    private static long total(InstanceReport i, Phase phase) {
        List<PhaseSpan> spans = i.phases().stream().filter(p -> p.phase() == phase).toList();
        return spans.isEmpty() ? -1 : spans.stream().mapToLong(PhaseSpan::durationMillis).sum();
    }

    /**
     * From each pass's first unlink to its last establish: the time users could not reach it. A
     * prepare before the unlink does not count: the instance was still serving.
     */
    static long outOfLoadBalancer(InstanceReport i) {
        long total = -1;
        for (Pass pass : Pass.split(i.phases())) {
            Optional<PhaseSpan> unlink = pass.phases().stream().filter(p -> p.phase() == Phase.UNLINK).findFirst();
            if (unlink.isPresent()) {
                total = Math.max(total, 0) + Duration.between(unlink.get().startedAt(), pass.endedAt()).toMillis();
            }
        }
        return total;
    }

    private static String millis(long millis) {
        return millis < 0 ? NONE : Durations.text(millis);
    }

    private static String orNone(String text) {
        return text == null || text.isEmpty() ? NONE : text;
    }
}
