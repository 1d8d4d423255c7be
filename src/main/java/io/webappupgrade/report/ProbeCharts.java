package io.webappupgrade.report;

import static io.webappupgrade.report.Svg.n;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the users got while the rollout ran: the share of answers by version, and failed requests,
 * over the same time axis as the instance timeline.
 */
final class ProbeCharts {

    private static final double TOP = 12;
    private static final double PLOT = 90;
    private static final double AXIS = 30;
    /** Narrower bars would be hard to see and make the file large. */
    private static final double MIN_COLUMN = 2;

    private final ProbeTimeline probe;
    private final TimeScale scale;
    private final List<String> versions;
    private final List<ProbeColumns.Column> columns;

    ProbeCharts(ProbeTimeline probe, TimeScale scale) {
        this.probe = probe;
        this.scale = scale;
        this.versions = VersionOrder.sort(probe.versions());
        this.columns = ProbeColumns.of(probe, scale, MIN_COLUMN);
    }

    /** The colour class of each version that answered, oldest release first, for the legend. */
    List<String> versions() {
        return versions;
    }

    String versionClass(String version) {
        return VersionOrder.cssClass(versions.indexOf(version));
    }

    void renderVersionMix(Markup m) {
        double bottom = TOP + PLOT;
        Svg.open(m, "version-mix", "chart version-mix", bottom + AXIS,
                "Share of successful answers by version over time");
        yLabels(m, "100%", "0%");
        Svg.timeAxis(m, scale, TOP, bottom);
        for (ProbeColumns.Column c : columns) {
            if (c.ok() == 0) {
                continue;
            }
            double x = scale.x(c.startedAt());
            double w = scale.length(c.millis());
            double y = bottom;
            for (String version : versions) {
                int count = c.versions().getOrDefault(version, 0);
                y = segment(m, x, w, y, count, c.ok(), versionClass(version), version, c);
            }
            segment(m, x, w, y, c.withoutVersion(), c.ok(), "v-unknown", "no version", c);
        }
        m.close();
    }

    private double segment(Markup m, double x, double w, double bottom, int count, int total, String cssClass,
            String version, ProbeColumns.Column c) {
        if (count == 0) {
            return bottom;
        }
        double h = PLOT * count / total;
        m.open("rect", "class", "mix " + cssClass, "x", n(x), "y", n(bottom - h), "width", n(w), "height", n(h),
                "data-version", version, "data-count", Integer.toString(count));
        m.element("title", version + ": " + count + " of " + total + " successful answers ("
                + percent(count, total) + ") at +" + Durations.text(offset(c)));
        m.close();
        return bottom - h;
    }

    void renderFailures(Markup m) {
        double bottom = TOP + PLOT;
        int max = columns.stream().mapToInt(ProbeColumns.Column::failed).max().orElse(0);
        Svg.open(m, "failures", "chart failures", bottom + AXIS, "Failed requests over time");
        yLabels(m, max == 0 ? "" : Integer.toString(max), "0");
        Svg.timeAxis(m, scale, TOP, bottom);
        if (max == 0) {
            m.element("text", "no request failed", "class", "no-data", "x", n(scale.left() + 8), "y", n(TOP + PLOT / 2));
        }
        for (ProbeColumns.Column c : columns) {
            if (c.failed() == 0) {
                continue;
            }
            double h = PLOT * c.failed() / max;
            m.open("rect", "class", "failed-bar", "x", n(scale.x(c.startedAt())), "y", n(bottom - h),
                    "width", n(scale.length(c.millis())), "height", n(h), "data-count", Integer.toString(c.failed()));
            m.element("title", c.failed() + " of " + (c.ok() + c.failed()) + " requests failed at +"
                    + Durations.text(offset(c)));
            m.close();
        }
        m.close();
    }

    /** "12,000 requests, 3 failed (0.03%)". */
    String totals() {
        int ok = probe.okCount();
        int failed = probe.failedCount();
        return String.format(Locale.ROOT, "%,d requests, %,d failed (%s), %,d ms per column", ok + failed, failed,
                percent(failed, ok + failed), columns.isEmpty() ? probe.bucketMillis() : columns.get(0).millis());
    }

    private long offset(ProbeColumns.Column c) {
        return Duration.between(scale.start(), c.startedAt()).toMillis();
    }

    private void yLabels(Markup m, String top, String bottom) {
        m.element("text", top, "class", "y-label", "x", n(scale.left() - 8), "y", n(TOP + 10));
        m.element("text", bottom, "class", "y-label", "x", n(scale.left() - 8), "y", n(TOP + PLOT));
    }

    static String percent(int part, int whole) {
        if (whole == 0) {
            return "0%";
        }
        double p = 100.0 * part / whole;
        // 0.04% of requests failing must not read as 0%, nor 99.96% as 100%.
        boolean exact = part == 0 || part == whole || (p >= 1 && p <= 99);
        return String.format(Locale.ROOT, exact ? "%.0f%%" : "%.2f%%", p);
    }
}
