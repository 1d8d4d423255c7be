package io.webappupgrade.report;

import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One trip of an instance out of the load balancer and back (or, without a load balancer, one
 * operation): the phases from an unlink to the establishes after the operation.
 */
record Pass(List<PhaseSpan> phases) {

    enum Kind {
        /** The run's own operation: an upgrade, or a step back in a rollback run. */
        MAIN,
        /** Undoing this run's upgrade after the failure budget was spent. */
        AUTO_ROLLBACK,
        /** Only establishes: putting back what an interrupted run left out. */
        PUT_BACK
    }

    Pass {
        phases = List.copyOf(phases);
    }

    Instant startedAt() {
        return phases.get(0).startedAt();
    }

    Instant endedAt() {
        return phases.get(phases.size() - 1).endedAt();
    }

    Kind kind(boolean upgradeRun) {
        boolean rollback = phases.stream().anyMatch(p -> p.phase() == Phase.ROLLBACK);
        boolean action = rollback || phases.stream().anyMatch(p -> p.phase() == Phase.UPGRADE);
        if (!action && phases.stream().allMatch(p -> p.phase() == Phase.ESTABLISH)) {
            return Kind.PUT_BACK;
        }
        return rollback && upgradeRun ? Kind.AUTO_ROLLBACK : Kind.MAIN;
    }

    /** Splits an instance's phases, in the order they ran, into passes. */
    static List<Pass> split(List<PhaseSpan> phases) {
        List<Pass> passes = new ArrayList<>();
        List<PhaseSpan> current = new ArrayList<>();
        Phase previous = null;
        boolean hasAction = false;
        for (PhaseSpan span : phases) {
            boolean action = span.phase() == Phase.UPGRADE || span.phase() == Phase.ROLLBACK;
            // A prepare opens its pass; the unlink that follows it belongs to the same pass.
            boolean opens = (span.phase() == Phase.PREPARE && previous != Phase.PREPARE)
                    || (span.phase() == Phase.UNLINK && previous != Phase.UNLINK && previous != Phase.PREPARE);
            boolean startsNew = !current.isEmpty() && (opens || (action && hasAction));
            if (startsNew) {
                passes.add(new Pass(current));
                current = new ArrayList<>();
                hasAction = false;
            }
            current.add(span);
            hasAction |= action;
            previous = span.phase();
        }
        if (!current.isEmpty()) {
            passes.add(new Pass(current));
        }
        return passes;
    }
}
