package io.webappupgrade.deployment.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * App processes still running from an instance's folder after its app was stopped and the folder
 * deleted: a process the state file no longer names (left by a crashed or concurrent run) keeps
 * serving a release nobody tracks. Found by their working directory, which an app started by the
 * agent has in its release folder.
 */
final class LeftoverAppProcesses {

    private static final String DELETED = " (deleted)";

    private final Duration stopTimeout;

    LeftoverAppProcesses(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    /** Live processes (not this one) whose working directory is {@code dir} or below it. */
    List<ProcessHandle> under(Path dir) {
        String root = dir.toAbsolutePath().normalize().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> {
                    String cwd = workingDirectory(p.pid());
                    return cwd.equals(root) || cwd.startsWith(root + "/");
                })
                .toList();
    }

    /** Stops each leftover below {@code dir} (SIGTERM, then SIGKILL after the stop timeout), telling {@code events}. */
    void stopUnder(Path dir, Consumer<String> events) {
        for (ProcessHandle p : under(dir)) {
            String what = "pid " + p.pid() + " (" + p.info().command().orElse("?") + ")";
            p.destroy();
            if (!awaitExit(p, stopTimeout)) {
                p.destroyForcibly();
                awaitExit(p, Duration.ofSeconds(5));
            }
            events.accept((p.isAlive() ? "could not stop " : "stopped ") + "a leftover app process " + what
                    + " that was running from " + dir);
        }
    }

    private static boolean awaitExit(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static String workingDirectory(long pid) {
        try {
            String cwd = Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")).toString();
            return cwd.endsWith(DELETED) ? cwd.substring(0, cwd.length() - DELETED.length()) : cwd;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }
}
