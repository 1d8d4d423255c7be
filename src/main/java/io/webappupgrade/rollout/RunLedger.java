package io.webappupgrade.rollout;

import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one run: each instance's record, and the journal kept in step with it so that a
 * crash at any point leaves enough behind to resume. Safe for the threads of a batch.
 */
final class RunLedger {

    private final RolloutJournal journal;
    private final JournalKey key;
    private final boolean persistent;
    private final Map<String, InstanceRecord> records = new LinkedHashMap<>();
    private final List<DelaySpan> delays = new ArrayList<>();
    private JournalState state;

    /**
     * @param persistent false for a dry run, which must write nothing
     */
    RunLedger(RolloutJournal journal, JournalKey key, JournalState prior, RolloutPlan plan, boolean persistent) {
        this.journal = journal;
        this.key = key;
        this.state = prior;
        this.persistent = persistent;
        InstanceStatus initial = persistent ? InstanceStatus.NOT_STARTED : InstanceStatus.PLANNED;
        for (PlannedInstance i : plan.selected()) {
            records.put(i.instanceId(), new InstanceRecord(i.instanceId(), i.nodeId(), i.batch(), i.fromVersion(),
                    i.toVersion(), initial, i.notes()));
        }
        for (SkippedInstance i : plan.skipped()) {
            records.put(i.instanceId(), new InstanceRecord(i.instanceId(), i.nodeId(), 0, i.currentVersion(),
                    i.currentVersion(), InstanceStatus.SKIPPED, List.of(i.reason())));
        }
    }

    synchronized InstanceRecord record(String instanceId, String nodeId) {
        return records.computeIfAbsent(instanceId,
                id -> new InstanceRecord(id, nodeId, 0, null, null, InstanceStatus.SKIPPED, List.of()));
    }

    /** Records which batch took each instance of {@code batch} (the drain order decides it as the batch starts). */
    synchronized void inBatch(Batch batch) {
        batch.instances().forEach(i -> {
            InstanceRecord record = records.get(i.instanceId());
            if (record != null) {
                record.inBatch(i.batch());
            }
        });
    }

    synchronized void takenOut(String instanceId) {
        update(state.takenOut(instanceId));
    }

    synchronized void putBack(String instanceId) {
        update(state.putBack(instanceId));
    }

    synchronized void completed(String instanceId) {
        update(state.completed(instanceId));
    }

    synchronized void failed(String instanceId) {
        update(state.failed(instanceId));
    }

    synchronized void undone(String instanceId) {
        update(state.undone(instanceId));
    }

    synchronized void delayed(DelaySpan span) {
        delays.add(span);
    }

    /** Instances upgraded (or stepped back) by this run, including before an interruption, oldest first. */
    synchronized List<String> completed() {
        return state.completed();
    }

    /** Failed instances of this run, including before an interruption. */
    synchronized int failures() {
        return state.failed().size();
    }

    /** Batch by batch as they ran (the drain order may differ from the plan's), then the instances in no batch. */
    synchronized List<InstanceReport> reports() {
        return records.values().stream().map(InstanceRecord::report)
                .sorted(Comparator.comparingInt(r -> r.batch() > 0 ? r.batch() : Integer.MAX_VALUE))
                .toList();
    }

    synchronized List<DelaySpan> delays() {
        return List.copyOf(delays);
    }

    synchronized void clearJournal() {
        if (persistent) {
            journal.clear(key);
        }
    }

    private void update(JournalState next) {
        state = next;
        if (persistent) {
            journal.save(key, next);
        }
    }
}
