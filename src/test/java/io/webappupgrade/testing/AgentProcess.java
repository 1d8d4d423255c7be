package io.webappupgrade.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The agent jar's command line run as a user runs it: {@code java -jar webapp-upgrade-agent.jar ...}. */
public final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private AgentProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "agent-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Follows a command started some other way, for example through {@code bin/webapp-upgrade}. */
    public static AgentProcess watching(Process process) {
        return new AgentProcess(process);
    }

    public static AgentProcess start(String... args) {
        return start(java.util.Map.of(), args);
    }

    /** Runs with these variables added to the environment (for example a manager password). */
    public static AgentProcess start(java.util.Map<String, String> env, String... args) {
        // A shell that runs the build in the background (`mvn verify &`) starts it with SIGINT ignored,
        // and an ignored signal stays ignored across exec: the agent would never see a Ctrl-C. A user's
        // terminal does not do that, so the agent is given the default disposition, as a user's is.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", "java", "-jar",
                TestEnvironment.agentJar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin");
        pb.environment().putAll(env);
        try {
            return new AgentProcess(pb.start());
        } catch (IOException e) {
            throw new AssertionError("could not start the agent: " + e, e);
        }
    }

    /** Runs to the end and returns the exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the agent did not finish in " + timeout + "; output:\n" + output());
            }
            reader.join(5000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until a line of output matches. */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
    }

    /** Ends the process the hard way, as a crash or {@code kill -9} would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The agent's process id, as a lock file or a message names it. */
    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name ({@code INT} as Ctrl-C does, {@code TERM} as a service manager does). */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -s " + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError("could not run kill: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
