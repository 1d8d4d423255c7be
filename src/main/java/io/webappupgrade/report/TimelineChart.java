package io.webappupgrade.report;

import static io.webappupgrade.report.Svg.n;

import io.webappupgrade.rollout.record.BatchAnalysis;
import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.StepSpan;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The instance timeline: one lane per instance, its phases as coloured bars, batches and delays marked. */
final class TimelineChart {

    static final double TOP = 34;
    static final double LANE = 26;
    static final double BAR = 16;
    /** Steps are drawn this much inside their phase's bar, so the phase's colour (or hatch) frames them. */
    static final double STEP_INSET = 3;
    private static final double AXIS = 30;
    /** Batch labels closer than this would overlap; the dashed line is still drawn. */
    private static final double LABEL_GAP = 56;

    private final RolloutRecord record;
    private final RunShape shape;
    private final TimeScale scale;

    TimelineChart(RolloutRecord record, RunShape shape, TimeScale scale) {
        this.record = record;
        this.shape = shape;
        this.scale = scale;
    }

    void render(Markup m) {
        List<InstanceReport> instances = record.summary().instances();
        double bottom = TOP + LANE * instances.size();
        Svg.open(m, "timeline", "chart timeline", bottom + AXIS,
                "Timeline of " + instances.size() + " instance(s): phases per instance over time");
        hatchPattern(m);
        // Drawn back to front: stripes, delays and grid behind the bars, markers over them.
        backgrounds(m, instances.size());
        delays(m, bottom);
        windows(m, bottom);
        Svg.timeAxis(m, scale, TOP - 6, bottom);
        lanes(m, instances);
        markers(m, bottom);
        m.close();
    }

    private static void hatchPattern(Markup m) {
        m.open("defs");
        m.open("pattern", "id", "hatch-failed", "patternUnits", "userSpaceOnUse", "width", "6", "height", "6",
                "patternTransform", "rotate(45)");
        m.empty("rect", "width", "6", "height", "6", "fill", "#D55E00");
        m.empty("line", "x1", "0", "y1", "0", "x2", "0", "y2", "6", "stroke", "#5a1f00", "stroke-width", "3");
        m.close().close();
    }

    private void delays(Markup m, double bottom) {
        m.open("g", "class", "delays");
        for (DelaySpan d : shape.delays()) {
            double x = scale.x(d.startedAt());
            double w = scale.length(d.durationMillis());
            m.open("rect", "class", "delay", "x", n(x), "y", n(TOP - 6), "width", n(w), "height", n(bottom - TOP + 6),
                    "data-after-batch", Integer.toString(d.afterBatch()));
            m.element("title", "delay after batch " + d.afterBatch() + ": " + Durations.text(d.durationMillis())
                    + " (planned " + Durations.text(d.plannedMillis()) + ")");
            m.close();
            if (w > 40) {
                m.element("text", "delay", "class", "delay-label", "x", n(x + w / 2), "y", n(bottom - 4),
                        "text-anchor", "middle");
            }
        }
        m.close();
    }

    /** The verification windows after batches: green when passed, orange when the verdict stopped the run. */
    private void windows(Markup m, double bottom) {
        m.open("g", "class", "verify-windows");
        for (BatchAnalysis a : record.summary().analyses()) {
            double x = scale.x(a.startedAt());
            double w = Math.max(scale.length(a.durationMillis()), 2);
            m.open("rect", "class", "verify-window " + (a.breached() ? "breach" : "pass"), "x", n(x), "y", n(TOP - 6),
                    "width", n(w), "height", n(bottom - TOP + 6), "data-batch", Integer.toString(a.batch()),
                    "data-verdict", a.verdict());
            m.element("title", "verification window, " + Durations.text(a.durationMillis()) + ": " + a.message());
            m.close();
            if (w > 40) {
                m.element("text", a.breached() ? "verify: " + a.verdict().replace('_', ' ') : "verified",
                        "class", "window-label", "x", n(x + w / 2), "y", n(bottom - 4), "text-anchor", "middle");
            }
        }
        m.close();
    }

    private static void backgrounds(Markup m, int lanes) {
        m.open("g", "class", "lane-backgrounds");
        for (int i = 0; i < lanes; i++) {
            m.empty("rect", "class", i % 2 == 0 ? "lane-bg" : "lane-bg odd", "x", "0", "y", n(TOP + LANE * i),
                    "width", n(Svg.WIDTH), "height", n(LANE));
        }
        m.close();
    }

    private void lanes(Markup m, List<InstanceReport> instances) {
        for (int i = 0; i < instances.size(); i++) {
            InstanceReport instance = instances.get(i);
            double y = TOP + LANE * i;
            m.open("g", "class", "lane", "data-instance", instance.instanceId(), "data-status", instance.status().wireName());
            m.open("text", "class", "lane-label", "x", n(scale.left() - 10), "y", n(y + LANE / 2 + 4));
            m.element("title", instance.instanceId() + " (" + instance.nodeId() + ")");
            m.text(Svg.shorten(instance.instanceId(), 24));
            m.close();
            if (instance.phases().isEmpty()) {
                m.element("text", instance.status().wireName().replace('_', ' '), "class", "lane-note",
                        "x", n(scale.left() + 6), "y", n(y + LANE / 2 + 4));
            }
            for (PhaseSpan span : instance.phases()) {
                phase(m, instance, span, y + (LANE - BAR) / 2);
            }
            m.close();
        }
    }

    private void phase(Markup m, InstanceReport instance, PhaseSpan span, double y) {
        PhaseStyle style = PhaseStyle.of(span.phase());
        m.open("rect", "class", PhaseStyle.classes(span), "x", n(scale.x(span.startedAt())), "y", n(y),
                "width", n(scale.length(span.durationMillis())), "height", n(BAR),
                "data-duration-ms", Long.toString(span.durationMillis()));
        StringBuilder title = new StringBuilder(instance.instanceId()).append(": ").append(style.label);
        if (span.target() != null) {
            title.append(span.phase() == Phase.UNLINK ? " from " : " in ").append(span.target());
        }
        title.append(", ").append(Durations.text(span.durationMillis()));
        if (!span.succeeded()) {
            title.append(", FAILED: ").append(span.error());
        }
        if (!span.steps().isEmpty()) {
            title.append("; steps:");
            span.steps().forEach(step -> title.append(' ').append(stepText(step)).append(','));
            title.setLength(title.length() - 1);
        }
        m.element("title", title.toString());
        m.close();
        if (!span.steps().isEmpty()) {
            steps(m, instance, span, y);
        }
    }

    /** One rect per step over the phase's bar, where and as long as the step ran. */
    private void steps(Markup m, InstanceReport instance, PhaseSpan span, double y) {
        m.open("g", "class", "steps", "data-phase", span.phase().wireName());
        for (StepSpan step : span.steps()) {
            StepStyle.of(step).ifPresent(style -> {
                m.open("rect", "class", style.classes(step), "x", n(scale.x(step.startedAt())), "y", n(y + STEP_INSET),
                        "width", n(scale.length(step.durationMillis())), "height", n(BAR - 2 * STEP_INSET),
                        "data-duration-ms", Long.toString(step.durationMillis()));
                m.element("title", instance.instanceId() + ": " + PhaseStyle.of(span.phase()).label + " step "
                        + stepText(step));
                m.close();
            });
        }
        m.close();
    }

    private static String stepText(StepSpan step) {
        return step.step() + (step.version() == null ? "" : " " + step.version()) + " "
                + Durations.text(step.durationMillis()) + (step.succeeded() ? "" : " FAILED");
    }

    /** Batch starts and the auto-rollback start, drawn over the lanes with labels above them. */
    private void markers(Markup m, double bottom) {
        m.open("g", "class", "markers");
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Integer, Instant> batch : shape.batchStarts().entrySet()) {
            double x = scale.x(batch.getValue());
            m.empty("line", "class", "batch-start", "data-batch", Integer.toString(batch.getKey()),
                    "x1", n(x), "x2", n(x), "y1", n(TOP - 8), "y2", n(bottom));
            if (x - lastLabel >= LABEL_GAP) {
                m.element("text", "batch " + batch.getKey(), "class", "batch-label", "x", n(x + 3), "y", n(TOP - 12));
                lastLabel = x;
            }
        }
        shape.rollbackStart().ifPresent(at -> {
            double x = scale.x(at);
            m.empty("line", "class", "rollback-start", "x1", n(x), "x2", n(x), "y1", n(4), "y2", n(bottom));
            m.element("text", "auto-rollback", "class", "rollback-label", "x", n(x + 4), "y", n(12));
        });
        m.close();
    }
}
