package io.webappupgrade.rollout;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is done to one instance between its unlink and its establish, and how the outcome is
 * recorded.
 */
record InstanceAction(String operation, Map<String, Object> inputs, Phase phase, InstanceStatus success,
        InstanceStatus failure, boolean undoesUpgrade) {

    static InstanceAction upgrade(ReleaseTarget release) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("version", release.version().toString());
        inputs.put("url", release.url());
        release.sha256().ifPresent(s -> inputs.put("sha256", s));
        return new InstanceAction(DeploymentOperations.UPGRADE, inputs, Phase.UPGRADE, InstanceStatus.UPGRADED,
                InstanceStatus.FAILED, false);
    }

    /** A {@code webapp_rollback} run's step back. */
    static InstanceAction stepBack() {
        return new InstanceAction(DeploymentOperations.ROLLBACK, Map.of(), Phase.ROLLBACK, InstanceStatus.ROLLED_BACK,
                InstanceStatus.FAILED, false);
    }

    /** Undoing an upgrade of this run after the failure budget was spent. */
    static InstanceAction autoRollback() {
        return new InstanceAction(DeploymentOperations.ROLLBACK, Map.of(), Phase.ROLLBACK, InstanceStatus.ROLLED_BACK,
                InstanceStatus.ROLLBACK_FAILED, true);
    }

    /** Only an upgrade has a release to fetch before the instance leaves the load balancer. */
    boolean preparesFirst() {
        return phase == Phase.UPGRADE;
    }

    @Override
    public String toString() {
        // The inputs may hold a URL with credentials.
        return "InstanceAction[" + operation + "]";
    }
}
