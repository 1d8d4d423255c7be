package io.webappupgrade.webapp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * hang-up or Ctrl-C aimed at the agent's terminal or process group does not reach it.
 */
public final class AppLauncher {

    private static final Logger log = LoggerFactory.getLogger(AppLauncher.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

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
        List<String> command = new ArrayList<>();
        // Checked here because under setsid a missing program would only show as an app that exited.
        refuseMissingProgram(spec);
        if (ownSession) {
            // setsid execs the program in place (the JVM's child is no group leader), so the pid stays the app's.
            command.add(SETSID.toString());
        }
        command.addAll(spec.command());
        appendMarker(spec);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AppStartError("could not start the app with start_command " + spec.command() + " in "
                    + spec.workDir() + ": " + e.getMessage());
        }
        Instant startedAt = process.info().startInstant().orElse(null);
        if (startedAt == null) {
            // Only a process that is already gone has no start time to read.
            throw new AppStartError("the app exited at once" + exitCode(process) + LogTail.describe(spec.logFile()));
        }
        log.info("started the app (pid {}) in {}: {}", process.pid(), spec.workDir(), spec.command());
        return new AppProcess(process.pid(), startedAt);
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

    private static String exitCode(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? " with exit code " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
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
