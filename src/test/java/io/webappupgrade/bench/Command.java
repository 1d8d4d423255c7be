package io.webappupgrade.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's command line run as a separate process, as a user runs it: {@code java -jar} with
 * the jar of {@code -Dagent.jar}, or the launcher {@code -Dbench.launcher} names (its class-data
 * archive kept under {@code -Dbench.cds-cache}).
 */
final class Command {

    record Result(int exit, String output) { }

    private Command() {
    }

    static String describe() {
        String launcher = System.getProperty("bench.launcher", "");
        return launcher.isEmpty() ? "java -jar " + jar() : launcher + " (WEBAPP_UPGRADE_JAR=" + jar() + ")";
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(launcherNamed(), args);
    }

    /** Whether {@code -Dbench.launcher} names a launcher to run the command through. */
    static boolean launcherNamed() {
        return !System.getProperty("bench.launcher", "").isEmpty();
    }

    /** Runs to the end (at most 5 minutes), through the launcher or {@code java -jar}. */
    static Result run(boolean launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (launcher) {
            command.add(Path.of(System.getProperty("bench.launcher")).toAbsolutePath().toString());
        } else {
            command.addAll(List.of("java", "-jar", jar().toString()));
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin");
        pb.environment().put("WEBAPP_UPGRADE_JAR", jar().toString());
        pb.environment().put("XDG_CACHE_HOME",
                Path.of(System.getProperty("bench.cds-cache", "target/bench-cds-cache")).toAbsolutePath().toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Path jar() {
        return Path.of(System.getProperty("agent.jar", "target/webapp-upgrade-agent.jar")).toAbsolutePath();
    }
}
