package io.webappupgrade.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Live processes that belong to a test's folder: started with it in their command line, or running in it. */
public final class LeftoverProcesses {

    private LeftoverProcesses() {
    }

    public static List<String> under(Path dir) {
        String root = dir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> !isZombie(p.pid()))
                .filter(p -> p.info().commandLine().map(c -> c.contains(root)).orElse(false)
                        || workingDirectory(p.pid()).startsWith(root))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    private static String workingDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /** An exited process its parent has not reaped yet is gone for every purpose here. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
