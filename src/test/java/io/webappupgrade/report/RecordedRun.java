package io.webappupgrade.report;

import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.StepSpan;
import io.webappupgrade.rollout.record.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes down a run the way the rollout engine records it (phases one after another on one clock,
 * delays between batches), to build the summaries reports are drawn from.
 */
final class RecordedRun {

    private final String deploymentId;
    private final String workflow;
    private final Instant startedAt;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final List<DelaySpan> delays = new ArrayList<>();
    private Instant now;

    RecordedRun(String deploymentId, String workflow, Instant startedAt) {
        this.deploymentId = deploymentId;
        this.workflow = workflow;
        this.startedAt = startedAt;
        this.now = startedAt;
    }

    RecordedRun parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /** Adds an instance (in plan order) or returns the one already added. */
    Lane instance(String id, int batch, String from, String to) {
        return lanes.computeIfAbsent(id, k -> new Lane(id, batch, from, to));
    }

    Lane instance(String id) {
        return lanes.get(id);
    }

    RecordedRun elapse(long millis) {
        now = now.plusMillis(millis);
        return this;
    }

    RecordedRun delay(int afterBatch, long millis) {
        Instant start = now;
        now = now.plusMillis(millis);
        delays.add(new DelaySpan(afterBatch, start, now, millis, millis));
        return this;
    }

    Instant now() {
        return now;
    }

    RolloutSummary finish(RolloutOutcome outcome, String message) {
        List<InstanceReport> reports = lanes.values().stream().map(Lane::report).toList();
        int[] n = new int[InstanceStatus.values().length];
        reports.forEach(r -> n[r.status().ordinal()]++);
        int selected = (int) reports.stream().filter(r -> r.batch() > 0).count();
        Totals totals = new Totals(selected, n[InstanceStatus.UPGRADED.ordinal()], n[InstanceStatus.SKIPPED.ordinal()],
                n[InstanceStatus.FAILED.ordinal()], n[InstanceStatus.ROLLED_BACK.ordinal()],
                n[InstanceStatus.ROLLBACK_FAILED.ordinal()], n[InstanceStatus.LEFT_OUT_OF_LB.ordinal()],
                n[InstanceStatus.NOT_STARTED.ordinal()], n[InstanceStatus.PLANNED.ordinal()]);
        return new RolloutSummary(deploymentId, workflow, outcome, outcome.exitCode(), message, startedAt, now,
                Duration.between(startedAt, now).toMillis(), parameters, reports, delays, totals, List.of());
    }

    /** A step of an upgrade or rollback: what, on which release, how long, whether it worked. */
    record Step(String step, String version, long millis, boolean ok) {
    }

    /** One instance's record. */
    final class Lane {
        private final String id;
        private final int batch;
        private final String from;
        private final String to;
        private final List<PhaseSpan> phases = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private InstanceStatus status = InstanceStatus.NOT_STARTED;
        private String error;

        private Lane(String id, int batch, String from, String to) {
            this.id = id;
            this.batch = batch;
            this.from = from;
            this.to = to;
        }

        /** A phase that took {@code millis} from now, and succeeded. */
        Lane phase(Phase phase, long millis) {
            return phase(phase, millis, null);
        }

        /** A phase that took {@code millis} from now; failed with {@code error} unless it is null. */
        Lane phase(Phase phase, long millis, String error) {
            Instant start = now;
            now = now.plusMillis(millis);
            String target = phase == Phase.UNLINK || phase == Phase.ESTABLISH ? "haproxy_1" : null;
            phases.add(new PhaseSpan(phase, target, start, now, millis, error == null, error));
            return this;
        }

        /**
         * An upgrade or rollback made of {@code steps}, one after another, with 50 ms before the
         * first and after the last (the runtime's own overhead); failed with {@code error} unless null.
         */
        Lane phase(Phase phase, String error, Step... steps) {
            Instant start = now;
            Instant at = start.plusMillis(50);
            List<StepSpan> spans = new ArrayList<>();
            for (Step step : steps) {
                spans.add(new StepSpan(step.step(), step.version(), at, at.plusMillis(step.millis()), step.millis(),
                        step.ok()));
                at = at.plusMillis(step.millis());
            }
            now = at.plusMillis(50);
            phases.add(new PhaseSpan(phase, null, start, now, Duration.between(start, now).toMillis(), error == null,
                    error, spans));
            return this;
        }

        /** Out of the load balancer, the operation, back in. */
        Lane pass(Phase operation, long drain, long work, long readd) {
            return phase(Phase.UNLINK, drain).phase(operation, work).phase(Phase.ESTABLISH, readd);
        }

        Lane status(InstanceStatus status) {
            this.status = status;
            return this;
        }

        Lane error(String error) {
            this.error = error;
            return this;
        }

        Lane note(String note) {
            notes.add(note);
            return this;
        }

        List<PhaseSpan> phases() {
            return phases;
        }

        InstanceReport report() {
            return new InstanceReport(id, "web", batch, from, to, status, notes, error, phases);
        }
    }
}
