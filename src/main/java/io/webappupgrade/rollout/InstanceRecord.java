package io.webappupgrade.rollout;

import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.PhaseSpan;
import java.util.ArrayList;
import java.util.List;

/** The growing record of one instance during a run; frozen into an {@link InstanceReport} at the end. */
final class InstanceRecord {

    private final String instanceId;
    private final String nodeId;
    private int batch;
    private final String fromVersion;
    private final String toVersion;
    private final List<String> notes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<PhaseSpan> phases = new ArrayList<>();
    private InstanceStatus status;

    InstanceRecord(String instanceId, String nodeId, int batch, String fromVersion, String toVersion,
            InstanceStatus status, List<String> notes) {
        this.instanceId = instanceId;
        this.nodeId = nodeId;
        this.batch = batch;
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
        this.status = status;
        this.notes.addAll(notes);
    }

    String instanceId() {
        return instanceId;
    }

    synchronized InstanceStatus status() {
        return status;
    }

    synchronized void inBatch(int number) {
        this.batch = number;
    }

    synchronized void add(PhaseSpan span) {
        phases.add(span);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized void finish(InstanceStatus status, List<String> errors) {
        this.status = status;
        this.errors.addAll(errors);
    }

    synchronized InstanceReport report() {
        return new InstanceReport(instanceId, nodeId, batch, fromVersion, toVersion, status, notes,
                errors.isEmpty() ? null : String.join("; ", errors), phases);
    }
}
