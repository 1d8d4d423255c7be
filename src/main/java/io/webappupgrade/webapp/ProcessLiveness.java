package io.webappupgrade.webapp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs. {@link ProcessHandle#isAlive()} also says yes for a zombie (an
 * exited process its parent has not reaped yet), which is what an app becomes when its parent
 * is slow to reap it; a zombie serves nothing and ignores signals, so it counts as stopped.
 */
final class ProcessLiveness {

    private ProcessLiveness() {
    }

    static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && !isZombie(process.pid());
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (command) S ...": the command may hold spaces and parentheses, so look after the last ')'.
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux) or the process just went: rely on isAlive()
        }
    }
}
