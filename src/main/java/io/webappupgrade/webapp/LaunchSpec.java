package io.webappupgrade.webapp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start an app: the resolved arguments, the directory it runs in, its whole environment
 * and the log file its output is appended to.
 */
public record LaunchSpec(List<String> command, Path workDir, Map<String, String> environment, Path logFile) {

    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
