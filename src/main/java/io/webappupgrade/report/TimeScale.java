package io.webappupgrade.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps the time of a run onto a horizontal stretch of {@code width} units starting at {@code left},
 * and picks round tick marks for it.
 */
record TimeScale(Instant start, long spanMillis, double left, double width) {

    /** Round steps for ticks: 1, 2, 5 times a power of ten milliseconds, then minutes and hours. */
    private static final long[] STEPS = {10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
            60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000};

    TimeScale {
        if (spanMillis <= 0) {
            throw new IllegalArgumentException("a time scale needs a positive span, was " + spanMillis + " ms");
        }
    }

    /** A scale over {@code start}..{@code end}; a run that took no time is given a second so it can be drawn. */
    static TimeScale over(Instant start, Instant end, double left, double width) {
        long span = Math.max(Duration.between(start, end).toMillis(), 1_000);
        return new TimeScale(start, span, left, width);
    }

    double x(Instant at) {
        return left + width * Duration.between(start, at).toMillis() / spanMillis;
    }

    /** The width of {@code millis}. */
    double length(long millis) {
        return width * millis / spanMillis;
    }

    /** A step that gives at most {@code maxTicks} ticks. */
    long step(int maxTicks) {
        for (long step : STEPS) {
            if (spanMillis / step < maxTicks) {
                return step;
            }
        }
        long hour = 3_600_000;
        return ((spanMillis / hour) / Math.max(1, maxTicks - 1) + 1) * hour;
    }

    /** Offsets from the start, in milliseconds, of the ticks: 0, step, 2 step, ... up to the span. */
    List<Long> ticks(int maxTicks) {
        long step = step(maxTicks);
        List<Long> ticks = new ArrayList<>();
        for (long t = 0; t <= spanMillis; t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    /** A tick's label: "250 ms", "1.5 s", "45 s", "2:30", "1:05:00", given the step between ticks. */
    static String tickLabel(long offsetMillis, long step) {
        if (step < 1_000) {
            if (offsetMillis % 1_000 == 0) {
                return offsetMillis / 1_000 + " s";
            }
            return String.format(Locale.ROOT, "%.2f s", offsetMillis / 1000.0).replaceAll("0+ s$", " s");
        }
        long seconds = offsetMillis / 1_000;
        if (step < 60_000 && seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3_600, seconds / 60 % 60, seconds % 60);
    }
}
