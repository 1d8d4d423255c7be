package io.webappupgrade.deployment.rest;

import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.ManagerConnection;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Opens a deployment on a Cloudify manager through its REST API. */
public final class RestOpener {

    private RestOpener() {
    }

    /**
     * @param events     where the manager's events for the operations run go, one line each
     * @param parameters the run's parameters as the command line gave them
     * @param stateDir   where this machine keeps the run's journal and summaries
     */
    public static OpenedDeployment<RestDeployment> open(ManagerConnection connection, String deploymentId,
            Consumer<String> events, Map<String, Object> parameters, Path stateDir) {
        ManagerClient client = new ManagerClient(connection);
        RestDeployment deployment = new RestDeployment(client, deploymentId, RestSettings.standard(), events);
        return new OpenedDeployment<>(deployment, parameters, stateDir, client);
    }
}
