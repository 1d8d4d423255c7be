package io.webappupgrade.cli;

import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** Which instances may be out of the load balancer at this moment, for a forced exit to say so. */
final class OutOfBalancerWatch implements RolloutListener {

    private final Set<String> mayBeOut = new TreeSet<>();

    @Override
    public synchronized void phaseStarted(String instanceId, Phase phase, Instant at) {
        if (phase == Phase.UNLINK) {
            mayBeOut.add(instanceId);
        }
    }

    @Override
    public synchronized void puttingBack(String instanceId, Instant at) {
        mayBeOut.add(instanceId);
    }

    @Override
    public void instanceFinished(InstanceReport report) {
        ended(report);
    }

    @Override
    public void instanceFailed(InstanceReport report) {
        ended(report);
    }

    private synchronized void ended(InstanceReport report) {
        if (report.status() != InstanceStatus.LEFT_OUT_OF_LB) {
            mayBeOut.remove(report.instanceId());
        }
    }

    /** The ids, comma-separated; empty when none. */
    synchronized String describe() {
        return String.join(", ", mayBeOut);
    }
}
