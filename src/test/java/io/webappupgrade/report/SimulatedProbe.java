package io.webappupgrade.report;

import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests a load probe would have seen during a recorded run: sent every {@code every},
 * answered round-robin by the instances in the load balancer at that moment, each with the version
 * it ran then. Requests to an instance inside a failure window fail.
 */
final class SimulatedProbe {

    record FailureWindow(String instanceId, Instant from, Instant to) {
    }

    private final RolloutSummary summary;
    private final List<FailureWindow> failures = new ArrayList<>();

    SimulatedProbe(RolloutSummary summary) {
        this.summary = summary;
    }

    SimulatedProbe failing(String instanceId, Instant from, Duration length) {
        failures.add(new FailureWindow(instanceId, from, from.plus(length)));
        return this;
    }

    /** Samples from {@code lead} before the run to {@code trail} after it, counted by a {@link ProbeRecorder}. */
    ProbeTimeline run(Duration lead, Duration trail, Duration every, Duration bucket) {
        Instant from = summary.startedAt().minus(lead);
        Instant to = summary.finishedAt().plus(trail);
        ProbeRecorder recorder = new ProbeRecorder(from, bucket);
        long k = 0;
        for (Instant next = from; next.isBefore(to); next = next.plus(every), k++) {
            Instant t = next;
            List<InstanceReport> serving = summary.instances().stream().filter(i -> inLoadBalancer(i, t)).toList();
            if (serving.isEmpty()) {
                recorder.record(t, false, null);
                continue;
            }
            InstanceReport answering = serving.get((int) (k % serving.size()));
            boolean failing = failures.stream().anyMatch(f -> f.instanceId().equals(answering.instanceId())
                    && !t.isBefore(f.from()) && t.isBefore(f.to()));
            recorder.record(t, !failing, failing ? null : version(answering, t));
        }
        return recorder.timeline();
    }

    private static boolean inLoadBalancer(InstanceReport instance, Instant t) {
        Instant outSince = null;
        for (PhaseSpan p : instance.phases()) {
            if (p.startedAt().isAfter(t)) {
                break;
            }
            if (p.phase() == Phase.UNLINK) {
                outSince = p.startedAt();
            } else if (p.phase() == Phase.ESTABLISH && p.succeeded() && !p.endedAt().isAfter(t)) {
                outSince = null;
            }
        }
        return outSince == null;
    }

    private static String version(InstanceReport instance, Instant t) {
        String version = instance.fromVersion();
        for (PhaseSpan p : instance.phases()) {
            if (p.succeeded() && !p.endedAt().isAfter(t)) {
                if (p.phase() == Phase.UPGRADE) {
                    version = instance.toVersion();
                } else if (p.phase() == Phase.ROLLBACK) {
                    version = instance.fromVersion();
                }
            }
        }
        return version;
    }
}
