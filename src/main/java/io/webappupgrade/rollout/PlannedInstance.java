package io.webappupgrade.rollout;

import io.webappupgrade.deployment.RelationshipInstance;
import java.util.List;
import java.util.Objects;

/**
 * An instance a run will process.
 *
 * @param fromVersion     its {@code app_version} now, null when not recorded
 * @param toVersion       the release it moves to, null when unknown (a rollback of an instance that
 *                        does not record {@code app_prev_version})
 * @param lbRelationships its load-balancer links; empty means it is processed without LB steps
 * @param batch           the batch it belongs to, counted from 1
 * @param notes           remarks for people (for example why it has no LB steps)
 */
public record PlannedInstance(String instanceId, String nodeId, String fromVersion, String toVersion,
        List<RelationshipInstance> lbRelationships, int batch, List<String> notes) {

    public PlannedInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(nodeId, "nodeId");
        lbRelationships = List.copyOf(lbRelationships);
        notes = List.copyOf(notes);
    }

    /** The same instance, placed in batch {@code number}. */
    PlannedInstance inBatch(int number) {
        return number == batch ? this : new PlannedInstance(instanceId, nodeId, fromVersion, toVersion, lbRelationships,
                number, notes);
    }

    public boolean loadBalanced() {
        return !lbRelationships.isEmpty();
    }
}
