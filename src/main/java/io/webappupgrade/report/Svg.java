package io.webappupgrade.report;

import java.util.Locale;

/** Shared geometry of the report's charts, so their time axes line up one under the other. */
final class Svg {

    static final String NAMESPACE = "http://www.w3.org/2000/svg";
    static final double WIDTH = 1180;
    static final double PLOT_LEFT = 180;
    static final double PLOT_WIDTH = 975;
    static final int MAX_TICKS = 13;

    private Svg() {
    }

    /** A coordinate with at most two decimals, always with a dot. */
    static String n(double value) {
        String s = String.format(Locale.ROOT, "%.2f", value);
        s = s.replaceAll("\\.?0+$", "");
        return s.equals("-0") ? "0" : s;
    }

    /** Opens a chart's svg element with an accessible name. */
    static void open(Markup m, String id, String cssClass, double height, String title) {
        m.open("svg", "xmlns", NAMESPACE, "id", id, "class", cssClass, "width", n(WIDTH), "height", n(height),
                "viewBox", "0 0 " + n(WIDTH) + " " + n(height), "role", "img", "aria-labelledby", id + "-title");
        m.element("title", title, "id", id + "-title");
    }

    /** The time axis below a plot: a baseline at {@code y}, ticks with labels, and faint grid lines up to {@code top}. */
    static void timeAxis(Markup m, TimeScale scale, double top, double y) {
        long step = scale.step(MAX_TICKS);
        m.open("g", "class", "axis");
        m.empty("line", "class", "baseline", "x1", n(scale.left()), "x2", n(scale.left() + scale.width()),
                "y1", n(y), "y2", n(y));
        for (long t : scale.ticks(MAX_TICKS)) {
            double x = scale.left() + scale.length(t);
            m.empty("line", "class", "grid", "x1", n(x), "x2", n(x), "y1", n(top), "y2", n(y));
            m.empty("line", "class", "tick", "x1", n(x), "x2", n(x), "y1", n(y), "y2", n(y + 5),
                    "data-offset-ms", Long.toString(t));
            m.element("text", TimeScale.tickLabel(t, step), "class", "tick-label", "x", n(x), "y", n(y + 18));
        }
        m.close();
    }

    /** Text shortened to {@code max} characters, with an ellipsis when cut. */
    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
    }
}
