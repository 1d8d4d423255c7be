package io.webappupgrade.cli;

import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.deployment.local.PluginTypes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every command gets from the process it runs in.
 *
 * @param pluginTypes the types of the bundled plugin.yaml, which every local topology is read with
 * @param recording the class-data archive the launcher records while this command runs, if it does
 */
record CliContext(String version, OperationRegistry registry, PrintStream out, PrintStream err,
        Map<String, String> env, Clock clock, boolean tty, Supplier<PluginTypes> pluginTypes,
        ClassDataRecording recording) {

    /** ~/.webapp-upgrade, or $WEBAPP_UPGRADE_HOME. */
    Path home() {
        String configured = env.get("WEBAPP_UPGRADE_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".webapp-upgrade");
    }
}
