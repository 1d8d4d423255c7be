package io.webappupgrade.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run has done so far, saved after every step so a re-run with the same parameters can
 * resume where it stopped.
 *
 * @param outOfLoadBalancer instances that may be out of the load balancer right now (written
 *                          before the unlink, removed after the establish)
 * @param completed         instances the run upgraded (or, in a rollback, stepped back), oldest first
 * @param failed            instances whose operation failed in this run (counted against max_failures)
 */
public record JournalState(List<String> outOfLoadBalancer, List<String> completed, List<String> failed) {

    public static final JournalState EMPTY = new JournalState(List.of(), List.of(), List.of());

    public JournalState {
        outOfLoadBalancer = List.copyOf(outOfLoadBalancer);
        completed = List.copyOf(completed);
        failed = List.copyOf(failed);
    }

    public boolean isEmpty() {
        return outOfLoadBalancer.isEmpty() && completed.isEmpty() && failed.isEmpty();
    }

    JournalState takenOut(String instanceId) {
        return new JournalState(adding(outOfLoadBalancer, instanceId), completed, failed);
    }

    JournalState putBack(String instanceId) {
        return new JournalState(removing(outOfLoadBalancer, instanceId), completed, failed);
    }

    JournalState completed(String instanceId) {
        return new JournalState(outOfLoadBalancer, adding(removing(completed, instanceId), instanceId), failed);
    }

    JournalState failed(String instanceId) {
        return new JournalState(outOfLoadBalancer, completed, adding(failed, instanceId));
    }

    /** An instance rolled back after being upgraded in this run is no longer "completed". */
    JournalState undone(String instanceId) {
        return new JournalState(outOfLoadBalancer, removing(completed, instanceId), failed);
    }

    private static List<String> adding(List<String> list, String id) {
        if (list.contains(id)) {
            return list;
        }
        List<String> out = new ArrayList<>(list);
        out.add(id);
        return out;
    }

    private static List<String> removing(List<String> list, String id) {
        List<String> out = new ArrayList<>(list);
        out.remove(id);
        return out;
    }
}
