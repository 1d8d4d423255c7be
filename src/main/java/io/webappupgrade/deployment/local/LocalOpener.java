package io.webappupgrade.deployment.local;

import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.deployment.OpenedDeployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Opens the local deployment a topology file describes, to read it or to change it. */
public final class LocalOpener {

    private LocalOpener() {
    }

    /**
     * To read only ({@code status}): no lock, and the state is taken as it is.
     *
     * @param types the bundled plugin.yaml's types ({@link PluginTypes#bundled()}), which the
     *              topology and the deployment read alike
     */
    public static OpenedDeployment<LocalDeployment> toRead(Path topologyFile, PluginTypes types,
            OperationRegistry registry, Consumer<String> events, Map<String, Object> parameters) {
        LocalDeployment deployment = new LocalDeployment(topology(topologyFile, types), types, registry, events);
        return new OpenedDeployment<>(deployment, parameters, stateDir(topologyFile), () -> { });
    }

    /**
     * To change: takes the deployment's lock (refused at once when another run holds it), then
     * reads the state and runs {@code stateCheck} on it; the lock is let go again when the check
     * fails, else when the returned record is closed.
     *
     * @param types       the bundled plugin.yaml's types ({@link PluginTypes#bundled()})
     * @param commandLine what the lock file shows a refused run about this one (no secrets in it)
     */
    public static OpenedDeployment<LocalDeployment> toChange(Path topologyFile, PluginTypes types,
            OperationRegistry registry, Consumer<String> events, Consumer<LocalStateCheck> stateCheck,
            Map<String, Object> parameters, String commandLine) {
        LocalTopology topology = topology(topologyFile, types);
        DeploymentLock lock = DeploymentLock.acquire(topology.lockFile(), topology.deployment(), commandLine);
        try {
            // read after the lock is held: the state a run that just ended left, not the one before it
            LocalDeployment deployment = new LocalDeployment(topology, types, registry, events);
            stateCheck.accept(new LocalStateCheck(deployment, topologyFile));
            return new OpenedDeployment<>(deployment, parameters, stateDir(topologyFile), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The folder beside the topology file that keeps a local run's journal and summaries. */
    private static Path stateDir(Path topologyFile) {
        return topologyFile.toAbsolutePath().getParent().resolve(".webapp-upgrade");
    }

    private static LocalTopology topology(Path topologyFile, PluginTypes types) {
        if (!Files.isRegularFile(topologyFile)) {
            throw new IllegalArgumentException("--local " + topologyFile + ": no such file; a topology describes the"
                    + " HAProxy and app instances on this machine (see README, 'Your own machine')");
        }
        return LocalTopology.read(topologyFile, types);
    }
}
