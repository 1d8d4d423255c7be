package io.webappupgrade.cli;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.rollout.ConsoleProgressListener;
import io.webappupgrade.rollout.FileRolloutJournal;
import io.webappupgrade.rollout.InvalidParametersException;
import io.webappupgrade.rollout.ParameterProblem;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.RolloutOutcome;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.RolloutSummary;
import io.webappupgrade.rollout.Sleeper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the rollout engine on one deployment for a command: validates the parameters, runs,
 * writes the JSON summary, and says how it ended. Every runtime (workflow bridge, manager,
 * local) goes through here, so they all report alike.
 */
final class RolloutRunner {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

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

    /** Runs and returns the exit code; see {@link RolloutOutcome}. */
    int run(Deployment deployment, RolloutMode mode, Map<String, ?> parameters, Settings settings,
            List<RolloutListener> extraListeners) {
        RolloutParameters params;
        try {
            params = RolloutParameters.parse(mode, parameters);
        } catch (InvalidParametersException e) {
            err.println(mode.workflow() + ": " + describe(e));
            return RolloutOutcome.INVALID_PARAMETERS.exitCode();
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
            return RolloutOutcome.INVALID_PARAMETERS.exitCode();
        }
        Path written = writeSummary(summary, settings.reportsDir());
        if (settings.json()) {
            out.println(summary.toJson());
        } else if (written != null) {
            out.println("Summary: " + written);
        }
        // The last line says how it ended: the workflow entry fails the execution with it.
        out.println(mode.workflow() + " " + summary.outcome().wireName() + ": " + summary.message());
        return summary.exitCode();
    }

    static String describe(InvalidParametersException e) {
        List<String> lines = new ArrayList<>();
        for (ParameterProblem p : e.problems()) {
            lines.add(p.message());
        }
        return "invalid parameters, nothing was run: " + String.join("; ", lines);
    }

    private Path writeSummary(RolloutSummary summary, Path dir) {
        try {
            Files.createDirectories(dir);
            String name = summary.workflow() + "-" + summary.deploymentId() + "-" + STAMP.format(summary.startedAt());
            Path file = dir.resolve(name + ".json");
            Path tmp = dir.resolve("." + name + ".json.tmp");
            Files.writeString(tmp, summary.toJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            err.println("warning: the summary could not be written to " + dir + ": " + e.getMessage());
            return null;
        }
    }
}
