package io.webappupgrade.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** Runs a short-lived command from an argument array (never a shell string), bounded in time. */
final class CommandRunner {

    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Duration timeout;

    CommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    Result run(List<String> command) {
        CommandLine line = new CommandLine(command.get(0));
        command.subList(1, command.size()).forEach(arg -> line.addArgument(arg, false));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(output));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        try {
            int exit = executor.execute(line);
            if (watchdog.killedProcess()) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within "
                        + timeout.toSeconds() + " s and was stopped");
            }
            return new Result(exit, output.toString(StandardCharsets.UTF_8));
        } catch (ExecuteException e) {
            return new Result(e.getExitValue(), output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("could not run '" + command.get(0) + "': " + e.getMessage(), e);
        }
    }
}
