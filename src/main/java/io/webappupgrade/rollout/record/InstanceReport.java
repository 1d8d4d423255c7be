package io.webappupgrade.rollout.record;

import java.util.List;
import java.util.Objects;

/**
 * What happened to one instance in a run.
 *
 * @param batch  the batch it was processed in (from 1); 0 when it was not selected
 * @param notes  remarks (why skipped, no load-balancer steps, put back after an interrupted run)
 * @param error  what went wrong, null when nothing did
 * @param phases every phase, in the order it ran
 */
public record InstanceReport(String instanceId, String nodeId, int batch, String fromVersion, String toVersion,
        InstanceStatus status, List<String> notes, String error, List<PhaseSpan> phases) {

    public InstanceReport {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(status, "status");
        notes = notes == null ? List.of() : List.copyOf(notes);
        phases = phases == null ? List.of() : List.copyOf(phases);
    }
}
