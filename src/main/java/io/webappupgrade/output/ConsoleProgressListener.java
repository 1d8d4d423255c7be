package io.webappupgrade.output;

import io.webappupgrade.rollout.Batch;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutPlan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Shows a run on a console. On a terminal, a single progress line is redrawn in place and only
 * what matters (plan, failures, rollback, the end) scrolls above it; otherwise (a CI log, a pipe)
 * every event is one plain line starting with its ISO timestamp.
 */
public final class ConsoleProgressListener implements RolloutListener {

    /** Time of day in UTC, to the millisecond: what a person comparing with logs needs. */
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final int BAR_WIDTH = 24;
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean tty;
    private int total;
    private int finished;
    private String activity = "starting";
    private boolean barShown;

    /**
     * @param tty whether {@code out} is an interactive terminal (for example {@code System.console() != null});
     *            decided by the caller, so output to a file or pipe stays plain
     */
    public ConsoleProgressListener(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    @Override
    public void planMade(RolloutPlan plan, Instant at) {
        total = plan.selected().size();
        ProgressText.plan(plan).forEach(line -> important(at, line));
    }

    @Override
    public void puttingBack(String instanceId, Instant at) {
        important(at, ProgressText.puttingBack(instanceId));
    }

    @Override
    public void batchStarted(Batch batch, int batchCount, Instant at) {
        plain(at, ProgressText.batch(batch, batchCount));
    }

    @Override
    public void phaseStarted(String instanceId, Phase phase, Instant at) {
        activity = instanceId + " " + phase.wireName();
        plain(at, ProgressText.phaseStarted(instanceId, phase));
    }

    @Override
    public void phaseEnded(String instanceId, PhaseSpan span) {
        if (span.succeeded()) {
            plain(span.endedAt(), ProgressText.phaseEnded(instanceId, span));
        } else {
            important(span.endedAt(), ProgressText.phaseEnded(instanceId, span));
        }
    }

    @Override
    public void instanceFinished(InstanceReport report) {
        finished++;
        plain(lastMoment(report), ProgressText.instance(report));
    }

    @Override
    public void instanceFailed(InstanceReport report) {
        finished++;
        important(lastMoment(report), ProgressText.instance(report));
    }

    @Override
    public void rollbackStarted(List<String> instanceIds, Instant at) {
        important(at, ProgressText.rollback(instanceIds));
    }

    @Override
    public void delayStarted(int afterBatch, Duration delay, Instant at) {
        activity = "waiting " + ProgressText.duration(delay);
        plain(at, ProgressText.delay(afterBatch, delay));
    }

    @Override
    public void runFinished(RolloutSummary summary) {
        if (tty && barShown) {
            out.print(CLEAR_LINE);
            barShown = false;
        }
        ProgressText.finished(summary).forEach(line -> line(summary.finishedAt(), line));
        out.flush();
    }

    /** A line shown on a terminal too, above the progress bar. */
    private void important(Instant at, String text) {
        if (tty) {
            out.print(CLEAR_LINE);
            out.println(text);
            drawBar();
        } else {
            line(at, text);
        }
    }

    /** A line only a plain log shows; a terminal sees the bar move instead. */
    private void plain(Instant at, String text) {
        if (tty) {
            drawBar();
        } else {
            line(at, text);
        }
    }

    private static Instant lastMoment(InstanceReport report) {
        List<PhaseSpan> phases = report.phases();
        return phases.isEmpty() ? null : phases.get(phases.size() - 1).endedAt();
    }

    private void line(Instant at, String text) {
        out.println(tty || at == null ? text : CLOCK.format(at) + " " + text);
        out.flush();
    }

    private void drawBar() {
        if (total == 0) {
            return;
        }
        int filled = (int) ((long) BAR_WIDTH * finished / total);
        out.print(CLEAR_LINE + "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + finished + "/"
                + total + " " + activity);
        out.flush();
        barShown = true;
    }
}
