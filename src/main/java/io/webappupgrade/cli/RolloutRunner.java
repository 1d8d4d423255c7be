package io.webappupgrade.cli;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.output.ConsoleProgressListener;
import io.webappupgrade.report.RolloutRecord;
import io.webappupgrade.report.TerminalTimeline;
import io.webappupgrade.rollout.FileRolloutJournal;
import io.webappupgrade.rollout.InvalidParametersException;
import io.webappupgrade.rollout.ParameterProblem;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.rollout.UnusableStateException;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.traffic.LoadReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rollout engine on one deployment for a command: validates the parameters, runs,
 * writes the JSON summary, and says how it ended. Every runtime (workflow bridge, manager,
 * local) goes through here, so they all report alike.
 */
final class RolloutRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRunner.class);

    /**
     * @param json       print the summary JSON on stdout
     * @param progress   print progress lines (or a progress bar on a terminal) as it goes
     * @param tty        whether stdout is a terminal (a progress bar instead of lines)
     * @param reportsDir where the summary is written
     * @param journalDir where the resume journal is kept
     */
    record Settings(boolean json, boolean progress, boolean tty, Path reportsDir, Path journalDir) {
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Sleeper sleeper;

    RolloutRunner(PrintStream out, PrintStream err, Clock clock, Sleeper sleeper) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** What a run produced. */
    record Result(int exitCode, Optional<RolloutRecord> record) {
    }

    /**
     * Runs (for the exit code see {@link RolloutOutcome}); when a probe is given, the requests it sent
     * during the run go into the record and the report.
     */
    Result run(Deployment deployment, RolloutMode mode, Map<String, ?> parameters, Settings settings,
            List<RolloutListener> extraListeners, Optional<Probe> probe) {
        RolloutParameters params;
        try {
            params = RolloutParameters.parse(mode, parameters);
        } catch (InvalidParametersException e) {
            err.println(mode.workflow() + ": " + describe(e));
            return new Result(RolloutOutcome.INVALID_PARAMETERS.exitCode(), Optional.empty());
        }
        List<RolloutListener> listeners = new ArrayList<>(extraListeners);
        if (settings.progress() && !settings.json()) {
            listeners.add(new ConsoleProgressListener(out, settings.tty()));
        }
        RolloutEngine engine = new RolloutEngine(deployment, new FileRolloutJournal(settings.journalDir()),
                RolloutListener.all(listeners.toArray(RolloutListener[]::new)), clock, sleeper);
        RolloutSummary summary;
        try {
            summary = engine.run(params);
        } catch (InvalidParametersException e) {
            err.println(mode.workflow() + ": " + describe(e));
            return new Result(RolloutOutcome.INVALID_PARAMETERS.exitCode(), Optional.empty());
        } catch (UnusableStateException e) {
            err.println(mode.workflow() + ": " + e.getMessage());
            return new Result(RolloutOutcome.INVALID_PARAMETERS.exitCode(), Optional.empty());
        }
        // An interrupted run comes back with the flag set; file channels would refuse to write the report.
        boolean interrupted = Thread.interrupted();
        try {
            return report(mode, settings, probe, summary);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Result report(RolloutMode mode, Settings settings, Optional<Probe> probe, RolloutSummary summary) {
        Optional<LoadReport> probed = probe.map(Probe::snapshot);
        RolloutRecord record = new RolloutRecord(summary, probed.map(Probe::timeline).orElse(null));
        // Written while the outcome is printed: the final line does not wait for the HTML, the exit does.
        ReportFiles.Pending report = ReportFiles.start(record, settings.reportsDir());
        if (settings.json()) {
            out.println(summary.toJson());
        } else {
            if (settings.tty()) {
                out.println(TerminalTimeline.render(record, 100));
            }
            probed.ifPresent(r -> out.println("Requests during the run: " + r.sent() + " sent, " + r.failed() + " failed"));
            out.println("Report: " + report.html() + " (and its .json beside it)");
        }
        // The last line says how it ended: the workflow entry fails the execution with it.
        out.println(mode.workflow() + " " + summary.outcome().wireName() + ": " + summary.message());
        out.flush();
        ReportFiles.Written written = report.await();
        written.error().ifPresent(e -> err.println("warning: the report could not be written to "
                + settings.reportsDir() + ": " + e));
        LOG.info("report written in {} ms, alongside the final lines", written.millis());
        return new Result(summary.exitCode(), Optional.of(record));
    }

    static String describe(InvalidParametersException e) {
        List<String> lines = new ArrayList<>();
        for (ParameterProblem p : e.problems()) {
            lines.add(p.message());
        }
        return "invalid parameters, nothing was run: " + String.join("; ", lines);
    }
}
