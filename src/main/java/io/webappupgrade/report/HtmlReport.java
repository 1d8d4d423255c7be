package io.webappupgrade.report;

import io.webappupgrade.rollout.record.RestoredRelease;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.Totals;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Draws a whole report page from a {@link RolloutRecord}: header, timeline, probe charts, tables. */
final class HtmlReport {

    private final DateTimeFormatter times;

    HtmlReport(ZoneId zone) {
        this.times = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z", Locale.ROOT).withZone(zone);
    }

    String render(RolloutRecord record) {
        RolloutSummary summary = record.summary();
        RunShape shape = RunShape.of(record);
        TimeScale scale = shape.scale(Svg.PLOT_LEFT, Svg.PLOT_WIDTH);
        String title = summary.workflow() + " on " + summary.deploymentId() + ": " + summary.outcome().wireName();

        Markup m = new Markup();
        m.raw("<!DOCTYPE html>\n");
        m.open("html", "xmlns", "http://www.w3.org/1999/xhtml", "lang", "en").newline();
        m.open("head");
        m.empty("meta", "charset", "utf-8");
        m.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        m.element("title", title);
        m.open("style").text(ReportStyle.CSS).close();
        m.close().newline();
        m.open("body").open("main");
        header(m, summary, shape);
        m.element("h2", "Timeline");
        phaseLegend(m);
        new TimelineChart(record, shape, scale).render(m);
        m.newline();
        m.element("h2", "What users got");
        probe(m, record, scale);
        m.newline();
        m.element("h2", "Instances");
        new SummaryTable(summary).render(m);
        m.newline();
        parameters(m, summary.parameters());
        m.open("footer").text("Drawn from the rollout summary alone; times on the axes are from "
                + times.format(shape.start()) + ". Hover a bar for details.").close();
        m.close().close().newline().close().newline();
        return m.finish();
    }

    private void header(Markup m, RolloutSummary summary, RunShape shape) {
        m.open("h1").text(summary.workflow() + " on ").element("code", summary.deploymentId()).text(" ")
                .element("span", summary.outcome().wireName().replace('_', ' '),
                        "class", "outcome " + ReportStyle.tone(summary.outcome().wireName()))
                .close();
        m.element("p", summary.message(), "class", "message");
        m.open("dl", "class", "facts");
        fact(m, "Started", time(summary.startedAt()));
        fact(m, "Finished", time(summary.finishedAt()));
        fact(m, "Took", Durations.text(summary.durationMillis()));
        fact(m, "Exit code", Integer.toString(summary.exitCode()));
        fact(m, "Instances", totals(summary.totals(), RestoredRelease.count(summary.instances())));
        fact(m, "Batches", Integer.toString(shape.batchStarts().size()));
        m.close();
    }

    private static void fact(Markup m, String name, String value) {
        m.open("div").element("dt", name).element("dd", value).close();
    }

    private String time(Instant at) {
        return at == null ? "\u2013" : times.format(at);
    }

    /** The non-zero counts; failed instances whose upgrade restarted their previous release are named so. */
    private static String totals(Totals t, long restored) {
        if (t == null) {
            return "\u2013";
        }
        List<String> parts = new ArrayList<>();
        parts.add(t.selected() + " selected");
        add(parts, t.upgraded(), "upgraded");
        add(parts, t.rolledBack(), "rolled back");
        add(parts, t.failed(), restored > 0 ? "failed (restored to its previous release: " + restored + ")" : "failed");
        add(parts, t.rollbackFailed(), "rollback failed");
        add(parts, t.leftOutOfLb(), "LEFT OUT OF THE LOAD BALANCER");
        add(parts, t.notStarted(), "not started");
        add(parts, t.skipped(), "skipped");
        add(parts, t.planned(), "planned");
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, int count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }

    private static void phaseLegend(Markup m) {
        m.open("ul", "class", "legend", "aria-label", "Legend");
        for (PhaseStyle style : PhaseStyle.values()) {
            swatch(m, "phase " + style.cssClass, style.label);
        }
        swatch(m, "phase upgrade " + PhaseStyle.FAILED_CLASS, "failed phase");
        for (StepStyle style : StepStyle.values()) {
            swatch(m, "step " + style.cssClass, "step: " + style.label);
        }
        swatch(m, "step step-health " + PhaseStyle.FAILED_CLASS, "failed step");
        swatch(m, "delay", "delay between batches");
        m.open("li").open("svg", "xmlns", Svg.NAMESPACE, "viewBox", "0 0 16 16", "aria-hidden", "true")
                .empty("line", "class", "batch-start", "x1", "8", "x2", "8", "y1", "0", "y2", "16").close()
                .text("batch start").close();
        m.open("li").open("svg", "xmlns", Svg.NAMESPACE, "viewBox", "0 0 16 16", "aria-hidden", "true")
                .empty("line", "class", "rollback-start", "x1", "8", "x2", "8", "y1", "0", "y2", "16").close()
                .text("auto-rollback starts").close();
        m.close();
    }

    private static void swatch(Markup m, String cssClass, String label) {
        m.open("li").open("svg", "xmlns", Svg.NAMESPACE, "viewBox", "0 0 16 16", "aria-hidden", "true")
                .empty("rect", "class", cssClass, "x", "1", "y", "2", "width", "14", "height", "12")
                .close().text(label).close();
    }

    private static void probe(Markup m, RolloutRecord record, TimeScale scale) {
        if (record.probe() == null || record.probe().buckets().isEmpty()) {
            m.element("p", "No load probe ran during this rollout, so there is no record of what users got.",
                    "class", "no-probe");
            return;
        }
        ProbeCharts charts = new ProbeCharts(record.probe(), scale);
        m.element("p", "Load probe: " + charts.totals() + ".", "class", "probe-totals");
        m.element("h3", "Version answered (share of successful answers)");
        m.open("ul", "class", "legend", "aria-label", "Versions");
        for (String version : charts.versions()) {
            swatch(m, charts.versionClass(version), version);
        }
        if (record.probe().buckets().stream().anyMatch(b -> b.withoutVersion() > 0)) {
            swatch(m, "v-unknown", "no version in the answer");
        }
        m.close();
        charts.renderVersionMix(m);
        m.element("h3", "Failed requests");
        charts.renderFailures(m);
    }

    private static void parameters(Markup m, Map<String, Object> parameters) {
        if (parameters.isEmpty()) {
            return;
        }
        m.element("h2", "Parameters");
        m.open("table", "id", "parameters");
        m.open("tbody");
        parameters.forEach((name, value) -> m.open("tr").element("th", name, "scope", "row")
                .open("td").element("code", String.valueOf(value)).close().close());
        m.close().close();
    }
}
