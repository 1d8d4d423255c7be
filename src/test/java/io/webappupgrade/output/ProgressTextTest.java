package io.webappupgrade.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.RestoredRelease;
import io.webappupgrade.rollout.record.Totals;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a failed upgrade that the operation itself undid reads in the progress and the totals. */
class ProgressTextTest {

    private static final String RESTORED_ERROR = "upgrade failed: the upgrade to 3.0.0 failed: the app did not become"
            + " healthy within 3.0 s; last lines of app.log:\n  listening (UNHEALTHY)\nRelease 1.0.0 is serving again.";

    @Test
    void aFailedUpgradeWhosePreviousReleaseServesAgainIsNamedSoAndNotCountedAsNothingRolledBack() {
        InstanceReport restored = report("web_1", InstanceStatus.FAILED, RESTORED_ERROR);
        InstanceReport notStarted = report("web_2", InstanceStatus.NOT_STARTED, null);

        assertThat(ProgressText.instance(restored)).startsWith(
                "web_1: FAILED, restored to its previous release 1.0.0 (back in the load balancer): upgrade failed:");
        String totals = ProgressText.totals(Totals.of(2, List.of(restored, notStarted)),
                RestoredRelease.count(List.of(restored, notStarted)));
        assertThat(totals).isEqualTo("totals: selected 2, failed 1 (restored to its previous release: 1), not started 1")
                .doesNotContain("rolled back");
    }

    @Test
    void aFailureThatSaysNothingOfTheReleaseServingIsAPlainFailure() {
        InstanceReport failed = report("web_1", InstanceStatus.FAILED, "unlink from haproxy_1 failed: drain timed out");
        InstanceReport rolledBack = report("web_2", InstanceStatus.ROLLED_BACK, "Release 1.0.0 is serving again.");

        assertThat(RestoredRelease.of(failed)).isEmpty();
        assertThat(RestoredRelease.of(rolledBack)).as("only a failed instance can be restored by its operation").isEmpty();
        assertThat(ProgressText.instance(failed)).isEqualTo(
                "web_1: FAILED (back in the load balancer): unlink from haproxy_1 failed: drain timed out");
        assertThat(ProgressText.totals(Totals.of(2, List.of(failed, rolledBack)), RestoredRelease.count(List.of(failed, rolledBack))))
                .isEqualTo("totals: selected 2, rolled back 1, failed 1");
    }

    private static InstanceReport report(String id, InstanceStatus status, String error) {
        return new InstanceReport(id, "web", 1, "1.0.0", "3.0.0", status, List.of(), error, List.of());
    }
}
