package io.webappupgrade.cli;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import java.io.PrintStream;
import java.util.List;

/** Each web app instance and the release it serves, as the demo prints them at its end. */
final class InstanceVersions {

    private InstanceVersions() {
    }

    static void print(PrintStream out, List<NodeInstance> instances) {
        out.println("Instances now:");
        for (NodeInstance i : instances) {
            if (i.hasOperation(DeploymentOperations.UPGRADE)) {
                out.printf("  %-12s %s%n", i.id(), i.runtimeProperties().get(DeploymentOperations.APP_VERSION));
            }
        }
    }
}
