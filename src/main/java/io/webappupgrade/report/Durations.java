package io.webappupgrade.report;

import java.util.Locale;

/** Durations as people read them in a report. */
final class Durations {

    private Durations() {
    }

    /** "0 ms", "350 ms", "4.2 s", "42 s", "2 min 05 s", "1 h 02 min". */
    static String text(long millis) {
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3_600, seconds / 60 % 60);
    }
}
