package io.webappupgrade.haproxy;

import io.webappupgrade.wait.Poll;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAProxy as our own daemon, in master-worker mode ({@code -W -D -S master.sock}).
 *
 * <p>Why master-worker rather than {@code -sf <pids> -x <socket>}: the master lives as long as
 * HAProxy does and keeps the listening sockets; on {@code reload} (sent to its socket) it starts
 * a new worker that inherits them, while old workers finish their sessions. No listener is ever
 * closed, so no connection is refused, and no agent run has to start (and so parent) a new
 * HAProxy process or track worker pids and {@code expose-fd listeners} itself.
 *
 * <p>The daemon must outlive the agent JVM and never hold its stdout/stderr (the orchestrator
 * waits for those to close): its output goes to a log file, its stdin is /dev/null, and
 * {@code -D} detaches it into its own session.
 */
final class DaemonHaproxy implements HaproxyRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonHaproxy.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final HaproxySettings settings;
    private final RuntimeApiClient api;
    private final UnixSocketCli master;
    private final Duration timeout;

    DaemonHaproxy(HaproxySettings settings, RuntimeApiClient api, Duration timeout) {
        this.settings = settings;
        this.api = api;
        this.master = new UnixSocketCli(settings.masterSocket(), Duration.ofSeconds(2), Duration.ofSeconds(10));
        this.timeout = timeout;
    }

    @Override
    public void start() {
        if (pid().isPresent()) {
            if (api.answers() || Files.exists(api.socket())) {
                Poll.upTo(timeout, POLL).orFail(api::answers, () -> "HAProxy runs (pid " + pid().orElse(-1)
                        + ") but its runtime API at " + api.socket() + " does not answer");
                LOG.info("HAProxy already runs (pid {})", pid().orElse(-1));
                return;
            }
            // The admin socket was deleted under a running HAProxy. A reload does not bring it back
            // (the new worker inherits the old, unlinked socket), so only a restart does.
            LOG.warn("HAProxy runs (pid {}) but its admin socket {} is gone, and nothing can change its servers"
                    + " without it: restarting HAProxy (connections in flight are cut)", pid().orElse(-1), api.socket());
            stop();
        }
        if (!Files.isRegularFile(settings.configPath())) {
            throw new IllegalStateException("cannot start HAProxy: " + settings.configPath()
                    + " does not exist (the configure operation writes it)");
        }
        ListenAddressCheck.requireFree(settings);
        List<String> command = List.of(settings.haproxyBinary(), "-W", "-D",
                "-S", settings.masterSocket() + ",mode,600",
                "-f", settings.configPath().toString(),
                "-p", settings.pidFile().toString());
        try {
            Files.createDirectories(settings.workDir());
            Process launcher = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                    .redirectErrorStream(true)
                    .start();
            // with -D the launcher exits as soon as the master has forked away
            if (!launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                launcher.destroyForcibly();
                throw new IllegalStateException("HAProxy did not detach within " + timeout.toSeconds() + " s; " + logTail());
            }
            if (launcher.exitValue() != 0) {
                throw new IllegalStateException("HAProxy did not start (exit " + launcher.exitValue() + "); " + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + settings.haproxyBinary() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting HAProxy", e);
        }
        Poll.upTo(timeout, POLL).orFail(() -> pid().isPresent() && api.answers(),
                () -> "HAProxy started but its runtime API at " + api.socket() + " does not answer; " + logTail());
        LOG.info("HAProxy started (master pid {})", pid().getAsLong());
    }

    @Override
    public void reload() {
        if (pid().isEmpty()) {
            throw new IllegalStateException("cannot reload HAProxy: it is not running (no live pid in " + settings.pidFile() + ")");
        }
        Set<Long> before = currentWorkers();
        try {
            master.send("reload");
        } catch (IOException expected) {
            // the master re-executes itself on reload and may drop this connection without a reply
        }
        // HAProxy 2.6 answers nothing to 'reload': a new worker in 'show proc' is the proof
        Poll.upTo(timeout, POLL).orFail(() -> {
            Set<Long> now = currentWorkers();
            return !now.isEmpty() && !before.containsAll(now) && api.answers();
        }, () -> "HAProxy reload brought up no new worker (the old one keeps serving); " + logTail());
        LOG.info("HAProxy reloaded (workers before: {}, now: {})", before, currentWorkers());
    }

    @Override
    public void stop() {
        OptionalLong pid = pid();
        if (pid.isEmpty()) {
            LOG.info("HAProxy is not running; nothing to stop");
            deleteRuntimeFiles();
            return;
        }
        ProcessHandle masterProcess = ProcessHandle.of(pid.getAsLong()).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(masterProcess.descendants().toList());
        all.add(masterProcess);
        masterProcess.destroy();
        if (!awaitGone(all, timeout)) {
            all.forEach(ProcessHandle::destroyForcibly);
            if (!awaitGone(all, Duration.ofSeconds(5))) {
                throw new IllegalStateException("HAProxy (pid " + pid.getAsLong() + ") did not stop, even when killed");
            }
        }
        deleteRuntimeFiles();
        LOG.info("HAProxy stopped (master pid {})", pid.getAsLong());
    }

    @Override
    public OptionalLong pid() {
        try {
            if (!Files.isRegularFile(settings.pidFile())) {
                return OptionalLong.empty();
            }
            String text = Files.readString(settings.pidFile(), StandardCharsets.US_ASCII).strip();
            long pid = Long.parseLong(text.lines().findFirst().orElse(""));
            // the pid may have been reused by another program since HAProxy wrote it
            boolean isHaproxy = ProcessHandle.of(pid).filter(p -> !gone(p))
                    .flatMap(p -> p.info().command())
                    .map(c -> c.endsWith("haproxy"))
                    .orElse(false);
            return isHaproxy ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Pids of the current workers, from the master's {@code show proc}; empty when the master does not answer. */
    private Set<Long> currentWorkers() {
        Set<Long> pids = new HashSet<>();
        try {
            boolean inWorkers = false;
            for (String line : master.send("show proc").split("\n")) {
                if (line.startsWith("#")) {
                    inWorkers = line.startsWith("# workers");
                } else if (inWorkers && !line.isBlank()) {
                    pids.add(Long.parseLong(line.trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Set.of();
        }
        return pids;
    }

    /** False when one is still there after {@code timeout}, or the wait was interrupted (flag set again). */
    private static boolean awaitGone(List<ProcessHandle> processes, Duration timeout) {
        return Poll.upTo(timeout, POLL).until(() -> processes.stream().allMatch(DaemonHaproxy::gone)).done();
    }

    /**
     * Gone means not alive or a zombie: the daemon's parent is init, which reaps it in its own
     * time, and a zombie serves nothing.
     */
    static boolean gone(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException e) {
            return !p.isAlive();
        }
    }

    private void deleteRuntimeFiles() {
        try {
            Files.deleteIfExists(settings.pidFile());
            Files.deleteIfExists(settings.masterSocket());
            Files.deleteIfExists(settings.statsSocket());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete HAProxy's runtime files: " + e.getMessage(), e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(settings.logFile());
            return "last lines of " + settings.logFile() + ": "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "no log at " + settings.logFile();
        }
    }
}
