package io.webappupgrade.webapp;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an app so that it outlives the JVM that starts it: the agent exits after each operation.
 *
 * <p>The app's stdout and stderr go straight to its log file through the kernel (a
 * ProcessBuilder redirect). Commons Exec is not used here: it pumps a child's output through
 * threads of this JVM, which die with it, and the app would then block or die on a full or
 * broken pipe. Nor may the app inherit this JVM's stdout/stderr: Cloudify's script plugin reads
 * those pipes until end-of-file, so an app holding them would hang the operation forever.
 * Stdin is {@code /dev/null}. When {@code setsid} is available the app gets its own session, so a
 * hang-up or Ctrl-C aimed at the agent's terminal or process group does not reach it. A starter
 * shell puts it in the background and exits, so the app is never this JVM's child.
 */
public final class AppLauncher {

    private static final Logger log = LoggerFactory.getLogger(AppLauncher.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path SH = Path.of("/bin/sh");
    private static final Duration STARTER_WAIT = Duration.ofSeconds(10);
    /**
     * $1 is the pid file, the rest the app's argument list, passed on as "$@" (never re-split or
     * re-parsed). In the background of a shell without job control, setsid is no group leader, so
     * it execs the app in place and $! is the app's own pid.
     */
    private static final String DETACH_IN_SESSION = "f=$1; shift; " + SETSID + " \"$@\" & echo $! > \"$f\"";
    private static final String DETACH = "f=$1; shift; \"$@\" & echo $! > \"$f\"";

    private final boolean ownSession;

    public AppLauncher() {
        this(Files.isExecutable(SETSID));
    }

    AppLauncher(boolean ownSession) {
        this.ownSession = ownSession;
    }

    /**
     * Starts the app and returns at once (it is not waited for). A line marking the start is
     * appended to the log first, so what this start printed can be told from earlier runs.
     */
    public AppProcess start(LaunchSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // Checked here because under setsid a missing program would only show as an app that exited.
        refuseMissingProgram(spec);
        appendMarker(spec);
        Path pidFile;
        try {
            pidFile = Files.createTempFile("webapp-upgrade-app-", ".pid");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a file for the app's pid", e);
        }
        try {
            List<String> command = new ArrayList<>(List.of(SH.toString(), "-c", ownSession ? DETACH_IN_SESSION : DETACH,
                    "sh", pidFile.toString()));
            command.addAll(spec.command());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.workDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(spec.environment());
            long pid = detach(builder, pidFile, spec);
            Instant startedAt = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(null);
            if (startedAt == null) {
                // Only a process that is already gone has no start time to read.
                throw new AppStartError("the app exited at once" + LogTail.describe(spec.logFile()));
            }
            log.info("started the app (pid {}) in {}: {}", pid, spec.workDir(), spec.command());
            return new AppProcess(pid, startedAt);
        } finally {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stray pid file in the temporary directory is harmless
            }
        }
    }

    /**
     * Runs the starter shell, which puts the app in the background, writes its pid and exits at
     * once: the app is not this JVM's child, so no JVM thread waits on it. (A JVM waits up to
     * 300 ms at exit for its threads in native code, and a child's reaper thread is one.)
     */
    private static long detach(ProcessBuilder builder, Path pidFile, LaunchSpec spec) {
        Process starter;
        try {
            starter = builder.start();
        } catch (IOException e) {
            throw new AppStartError("could not start the app with start_command " + spec.command() + " in "
                    + spec.workDir() + ": " + e.getMessage());
        }
        try {
            if (!awaitStarter(starter)) {
                starter.destroyForcibly();
                throw new AppStartError("could not start the app with start_command " + spec.command()
                        + ": its starter did not return within " + STARTER_WAIT.toSeconds() + " s");
            }
            String text;
            // a stream, not a channel: an interrupted thread (see awaitStarter) must still read the pid
            try (FileInputStream in = new FileInputStream(pidFile.toFile())) {
                text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            }
            if (starter.exitValue() != 0 || !text.matches("[0-9]+")) {
                throw new AppStartError("could not start the app with start_command " + spec.command() + " in "
                        + spec.workDir() + LogTail.describe(spec.logFile()));
            }
            return Long.parseLong(text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the app's pid from " + pidFile, e);
        }
    }

    /**
     * Waits for the starter shell to return, through an interruption too: by then it may have
     * put the app in the background, and only its pid lets the caller stop that app again. Giving
     * up half-way (a Ctrl-C at that moment) left an app nobody knew of on the port. The starter
     * returns at once, so the wait is short; the interruption is kept for the caller's next wait,
     * which stops the app it now knows.
     *
     * @return false when the starter did not return within {@link #STARTER_WAIT}
     */
    private static boolean awaitStarter(Process starter) {
        long deadline = System.nanoTime() + STARTER_WAIT.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return starter.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void refuseMissingProgram(LaunchSpec spec) {
        String program = spec.command().get(0);
        List<Path> candidates = new ArrayList<>();
        if (program.contains("/")) {
            candidates.add(spec.workDir().resolve(program));
        } else {
            for (String dir : spec.environment().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, program));
                }
            }
        }
        boolean found = candidates.stream().anyMatch(p -> Files.isRegularFile(p) && Files.isExecutable(p));
        if (!found) {
            throw new AppStartError("could not start the app with start_command " + spec.command() + ": the program '"
                    + program + "' is not an executable file " + (program.contains("/") ? "(relative to "
                    + spec.workDir() + ")" : "on the PATH given to the app (" + spec.environment().get("PATH") + ")"));
        }
    }

    /** The marker line start() writes to the log before each start. */
    static String marker(Instant when) {
        return "----- webapp-upgrade: app starting at " + when + " -----";
    }

    static boolean isMarker(String line) {
        return line.startsWith("----- webapp-upgrade: app starting at ");
    }

    private static void appendMarker(LaunchSpec spec) {
        try {
            Files.createDirectories(spec.logFile().getParent());
            Files.writeString(spec.logFile(), marker(Instant.now()) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the app log " + spec.logFile(), e);
        }
    }
}
