package io.webappupgrade.cli;

import io.webappupgrade.report.RolloutRecord;
import io.webappupgrade.rollout.record.BatchAnalysis;
import io.webappupgrade.traffic.LoadReport;
import io.webappupgrade.traffic.RequestResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * What the bad-canary scenario cost: the requests the canary failed (the price of learning that the
 * release is bad) and whether any other request failed.
 */
final class DemoCanaryCost {

    private DemoCanaryCost() {
    }

    /** Prints the cost; true when every failed request was the canary's 500. */
    static boolean print(PrintStream out, LoadReport report, String canaryVersion, Optional<RolloutRecord> record) {
        List<RequestResult> failures = report.failures();
        long canary = failures.stream().filter(f -> f.status() == 500 && canaryVersion.equals(f.version())).count();
        long other = failures.size() - canary;
        record.flatMap(r -> r.summary().analyses().stream().filter(BatchAnalysis::breached).findFirst())
                .ifPresent(w -> out.printf("Caught in its window: %s%n", w.message()));
        out.printf("The canary (%s) failed %d request(s) of the demo's traffic during its window and the rollback's"
                + " drain: the cost of learning that the release is bad.%n", canaryVersion, canary);
        out.println(other == 0 ? "No other request failed." : other + " other request(s) failed.");
        return other == 0;
    }
}
