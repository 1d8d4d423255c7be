package io.webappupgrade.report;

import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compact text timeline of a run for a terminal: one line per instance with a letter per time
 * column for the phase it was in, batch starts and delays, and (with probe data) which version
 * answered and where requests failed. Plain ASCII; text from the run has control characters
 * replaced, so an error message cannot drive the terminal.
 */
public final class TerminalTimeline {

    /** Narrower than this leaves no room for a readable bar. */
    public static final int MIN_WIDTH = 40;
    private static final int MAX_LABEL = 16;
    private static final int MIN_TICK_GAP = 9;
    private static final List<String> LEGEND = List.of("p prepare", "d drain", "U upgrade", "e re-add", "R rollback",
            "X failed", "~ delay", "1-9 batch start", "< auto-rollback");
    /** When phases share a column, the one shown: failures first, short establishes last. */
    private static final List<Phase> PRIORITY = List.of(Phase.ROLLBACK, Phase.UPGRADE, Phase.UNLINK, Phase.ESTABLISH,
            Phase.PREPARE);

    private TerminalTimeline() {
    }

    /**
     * The timeline in at most {@code width} columns per line, lines ending in {@code \n}.
     *
     * @throws IllegalArgumentException when {@code width} is below {@link #MIN_WIDTH}
     */
    public static String render(RolloutRecord record, int width) {
        if (width < MIN_WIDTH) {
            throw new IllegalArgumentException("terminal width " + width + " is too narrow: use at least "
                    + MIN_WIDTH + " columns");
        }
        RolloutSummary summary = record.summary();
        RunShape shape = RunShape.of(record);
        List<InstanceReport> instances = summary.instances();
        int label = Math.max(8, Math.min(MAX_LABEL, instances.stream()
                .mapToInt(i -> clean(i.instanceId()).codePointCount(0, clean(i.instanceId()).length())).max().orElse(0)));
        int status = instances.stream().mapToInt(i -> i.status().wireName().length()).max().orElse(0);
        int bar = width - label - 3 - (status == 0 ? 0 : status + 1);
        if (bar < 10) {
            status = 0;
            bar = width - label - 3;
        }
        TimeScale scale = shape.scale(0, bar);
        Columns columns = new Columns(scale, bar);

        List<String> lines = new ArrayList<>();
        lines.add(fit(clean(summary.workflow() + " on " + summary.deploymentId() + ": "
                + summary.outcome().wireName() + " (exit " + summary.exitCode() + ") in "
                + Durations.text(summary.durationMillis())), width));
        lines.add(pad("", label) + "  " + axis(scale, bar));
        lines.add(row(label, "batches", markers(shape, columns), ""));
        for (InstanceReport i : instances) {
            lines.add(row(label, clean(i.instanceId()), phases(i, columns),
                    status == 0 ? "" : i.status().wireName()));
        }
        ProbeTimeline probe = record.probe();
        if (probe != null && !probe.buckets().isEmpty()) {
            List<String> versions = VersionOrder.sort(probe.versions());
            lines.add(row(label, "versions", versionRow(probe, versions, columns), ""));
            lines.add(row(label, "failed", failedRow(probe, columns), ""));
            lines.add(fit(pad("", label) + "  " + versionLegend(versions) + "; failed: "
                    + probe.failedCount() + " of " + (probe.okCount() + probe.failedCount()) + " requests", width));
        }
        wrap(LEGEND, width - label - 2).forEach(l -> lines.add(pad("", label) + "  " + l));
        for (InstanceReport i : instances) {
            if (i.error() != null) {
                lines.add(fit("  " + clean(i.instanceId()) + ": " + clean(i.error()), width));
            }
        }
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l.stripTrailing()).append('\n'));
        return out.toString();
    }

    /** Which time each column covers. */
    private record Columns(TimeScale scale, int count) {
        Instant from(int column) {
            return scale.start().plusMillis(scale.spanMillis() * column / count);
        }

        Instant to(int column) {
            return scale.start().plusMillis(scale.spanMillis() * (column + 1) / count);
        }

        int at(Instant t) {
            long offset = Duration.between(scale.start(), t).toMillis();
            return (int) Math.max(0, Math.min(count - 1, offset * count / scale.spanMillis()));
        }

        boolean overlaps(int column, Instant start, Instant end) {
            Instant from = from(column);
            Instant to = to(column);
            return start.equals(end) ? !start.isBefore(from) && start.isBefore(to)
                    : start.isBefore(to) && end.isAfter(from);
        }
    }

    private static char[] phases(InstanceReport instance, Columns columns) {
        char[] row = blank(columns.count());
        for (int c = 0; c < row.length; c++) {
            int best = Integer.MAX_VALUE;
            for (PhaseSpan span : instance.phases()) {
                if (!columns.overlaps(c, span.startedAt(), span.endedAt())) {
                    continue;
                }
                int rank = span.succeeded() ? PRIORITY.indexOf(span.phase()) + 1 : 0;
                if (rank < best) {
                    best = rank;
                    row[c] = span.succeeded() ? PhaseStyle.of(span.phase()).letter : PhaseStyle.FAILED_LETTER;
                }
            }
        }
        return row;
    }

    private static char[] markers(RunShape shape, Columns columns) {
        char[] row = blank(columns.count());
        for (DelaySpan d : shape.delays()) {
            for (int c = 0; c < row.length; c++) {
                if (columns.overlaps(c, d.startedAt(), d.endedAt())) {
                    row[c] = '~';
                }
            }
        }
        shape.batchStarts().forEach((batch, at) -> row[columns.at(at)] = Character.forDigit(batch % 10, 10));
        shape.rollbackStart().ifPresent(at -> row[columns.at(at)] = '<');
        return row;
    }

    private static char[] versionRow(ProbeTimeline probe, List<String> versions, Columns columns) {
        char[] row = blank(columns.count());
        List<Set<Character>> seen = new ArrayList<>();
        for (int c = 0; c < row.length; c++) {
            seen.add(new HashSet<>());
        }
        for (ProbeBucket b : probe.buckets()) {
            Set<Character> column = seen.get(columns.at(b.startedAt()));
            for (Map.Entry<String, Integer> v : b.versions().entrySet()) {
                if (v.getValue() > 0) {
                    column.add(letter(versions.indexOf(v.getKey())));
                }
            }
            if (b.withoutVersion() > 0) {
                column.add('?');
            }
        }
        for (int c = 0; c < row.length; c++) {
            Set<Character> column = seen.get(c);
            row[c] = column.isEmpty() ? ' ' : column.size() == 1 ? column.iterator().next() : '*';
        }
        return row;
    }

    private static char[] failedRow(ProbeTimeline probe, Columns columns) {
        char[] row = blank(columns.count());
        for (ProbeBucket b : probe.buckets()) {
            int c = columns.at(b.startedAt());
            if (b.failed() > 0) {
                row[c] = '!';
            } else if (b.total() > 0 && row[c] != '!') {
                row[c] = '.';
            }
        }
        return row;
    }

    private static String versionLegend(List<String> versions) {
        StringBuilder s = new StringBuilder("versions: ");
        for (int i = 0; i < versions.size(); i++) {
            s.append(letter(i)).append('=').append(clean(versions.get(i))).append(' ');
        }
        return s.append("*=mixed ?=no version").toString();
    }

    private static char letter(int index) {
        return index < 26 ? (char) ('a' + index) : '+';
    }

    private static String axis(TimeScale scale, int bar) {
        char[] line = blank(bar);
        long step = scale.step(Math.max(2, bar / MIN_TICK_GAP));
        for (long t : scale.ticks(Math.max(2, bar / MIN_TICK_GAP))) {
            int c = (int) Math.round(scale.length(t));
            String text = "|" + TimeScale.tickLabel(t, step);
            if (c + text.length() <= bar) {
                text.getChars(0, text.length(), line, c);
            }
        }
        return new String(line);
    }

    private static String row(int label, String name, char[] bar, String status) {
        return pad(fit(name, label), label) + " |" + new String(bar) + "|" + (status.isEmpty() ? "" : " " + status);
    }

    /** Items joined by two spaces, in lines of at most {@code width}. */
    private static List<String> wrap(List<String> items, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String item : items) {
            if (line.length() > 0 && line.length() + 2 + item.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : "  ").append(item);
        }
        lines.add(line.toString());
        return lines;
    }

    private static char[] blank(int n) {
        char[] row = new char[n];
        Arrays.fill(row, ' ');
        return row;
    }

    private static String pad(String s, int width) {
        int length = s.codePointCount(0, s.length());
        return length >= width ? s : s + " ".repeat(width - length);
    }

    private static String fit(String s, int width) {
        if (s.codePointCount(0, s.length()) <= width) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "~";
    }

    /** Control characters (ESC included) could move the cursor or recolour the terminal. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
            out.appendCodePoint(control ? '?' : cp);
        });
        return out.toString();
    }
}
