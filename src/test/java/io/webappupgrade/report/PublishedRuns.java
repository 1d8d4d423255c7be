package io.webappupgrade.report;

/** Recorded runs for tests outside this package (a workflow's published summary). */
public final class PublishedRuns {

    private PublishedRuns() {
    }

    /** The summary JSON of a webapp_rollback run of two instances on deployment "shop". */
    public static String rollbackSummaryJson() {
        return Rollouts.rollbackRun().summary().toJson();
    }
}
