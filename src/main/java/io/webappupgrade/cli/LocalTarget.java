package io.webappupgrade.cli;

import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalTopology;
import io.webappupgrade.deployment.local.PluginTypes;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the local deployment a {@code --local TOPOLOGY} option names. */
final class LocalTarget {

    private LocalTarget() {
    }

    static LocalDeployment open(Path topologyFile, OperationRegistry registry, PrintStream events) {
        if (!Files.isRegularFile(topologyFile)) {
            throw new IllegalArgumentException("--local " + topologyFile + ": no such file; a topology describes the"
                    + " HAProxy and app instances on this machine (see README, 'Your own machine')");
        }
        LocalTopology topology = LocalTopology.read(topologyFile, PluginTypes.bundled());
        return new LocalDeployment(topology, PluginTypes.bundled(), registry, events::println);
    }
}
