package io.webappupgrade.deployment.bridge;

import io.webappupgrade.ctx.proxy.CtxProxyClient;
import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.json.JsonValues;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the deployment a running Cloudify workflow serves over its bridge, with the workflow's parameters. */
public final class BridgeOpener {

    // Each bridge call lasts as long as the operation it runs.
    private static final Duration CALL_TIMEOUT = Duration.ofHours(6);

    private BridgeOpener() {
    }

    /**
     * Connects to the bridge and asks it once for the workflow's parameters as Cloudify validated them.
     *
     * @param bridgeUrl the workflow entry's ctx proxy address
     * @param stateDir  where the run's journal and summaries go
     */
    public static OpenedDeployment<BridgeDeployment> open(String bridgeUrl, String deploymentId, Path stateDir) {
        CtxProxyClient client = CtxProxyClient.connect(bridgeUrl, CALL_TIMEOUT, new JsonValues());
        BridgeDeployment deployment = new BridgeDeployment(client, deploymentId);
        // Nothing to close: the workflow runs one rollout per process, which ends with it.
        return new OpenedDeployment<>(deployment, BridgeDeployment.asMap(client.call("parameters"), "parameters"),
                stateDir, () -> { });
    }
}
