package io.webappupgrade.rollout.record;

import java.util.List;

/** Counts of instances by status; {@code selected} is how many the plan picked. */
public record Totals(int selected, int upgraded, int skipped, int failed, int rolledBack, int rollbackFailed,
        int leftOutOfLb, int notStarted, int planned) {

    public static Totals of(int selected, List<InstanceReport> instances) {
        int[] n = new int[InstanceStatus.values().length];
        instances.forEach(i -> n[i.status().ordinal()]++);
        return new Totals(selected, n[InstanceStatus.UPGRADED.ordinal()], n[InstanceStatus.SKIPPED.ordinal()],
                n[InstanceStatus.FAILED.ordinal()], n[InstanceStatus.ROLLED_BACK.ordinal()],
                n[InstanceStatus.ROLLBACK_FAILED.ordinal()], n[InstanceStatus.LEFT_OUT_OF_LB.ordinal()],
                n[InstanceStatus.NOT_STARTED.ordinal()], n[InstanceStatus.PLANNED.ordinal()]);
    }
}
