package io.webappupgrade.cli;

import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.deployment.local.DeploymentLock;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalStateCheck;
import io.webappupgrade.deployment.local.LocalTopology;
import io.webappupgrade.deployment.local.PluginTypes;
import io.webappupgrade.webapp.UrlRedactor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Opens the local deployment a {@code --local TOPOLOGY} option names. */
final class LocalTarget {

    /** A deployment opened to be changed, and the lock held while it is. */
    record Locked(LocalDeployment deployment, DeploymentLock lock) {
    }

    private LocalTarget() {
    }

    /** To read only ({@code status}): no lock, and the state is taken as it is. */
    static LocalDeployment open(Path topologyFile, OperationRegistry registry, PrintStream events) {
        return new LocalDeployment(topology(topologyFile), PluginTypes.bundled(), registry, events::println);
    }

    /**
     * To change: takes the deployment's lock (refused at once when another run holds it), then
     * reads the state and runs {@code stateCheck} on it; the lock is let go again when the check fails.
     */
    static Locked openToChange(Path topologyFile, OperationRegistry registry, PrintStream events,
            Consumer<LocalStateCheck> stateCheck) {
        LocalTopology topology = topology(topologyFile);
        DeploymentLock lock = DeploymentLock.acquire(topology.lockFile(), topology.deployment(), thisCommand());
        try {
            // read after the lock is held: the state a run that just ended left, not the one before it
            LocalDeployment deployment = new LocalDeployment(topology, PluginTypes.bundled(), registry, events::println);
            stateCheck.accept(new LocalStateCheck(deployment, topologyFile));
            return new Locked(deployment, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static LocalTopology topology(Path topologyFile) {
        if (!Files.isRegularFile(topologyFile)) {
            throw new IllegalArgumentException("--local " + topologyFile + ": no such file; a topology describes the"
                    + " HAProxy and app instances on this machine (see README, 'Your own machine')");
        }
        return LocalTopology.read(topologyFile, PluginTypes.bundled());
    }

    /** This process's command line as the lock file shows it to a refused run, URLs without their secrets. */
    private static String thisCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        return describeCommand(info.command().orElse("java"), info.arguments().orElse(new String[0]));
    }

    static String describeCommand(String command, String[] args) {
        String line = command + " " + Arrays.stream(args).map(LocalTarget::withoutSecrets).collect(Collectors.joining(" "));
        return line.strip();
    }

    /** {@code https://user:pw@host/a?sig=x} and {@code --url=https://...} lose their credentials and query values. */
    private static String withoutSecrets(String arg) {
        if (!arg.contains("://")) {
            return arg;
        }
        int eq = arg.indexOf('=');
        if (arg.startsWith("-") && eq > 0 && eq < arg.indexOf("://")) {
            return arg.substring(0, eq + 1) + UrlRedactor.redact(arg.substring(eq + 1));
        }
        return UrlRedactor.redact(arg);
    }
}
