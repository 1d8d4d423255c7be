package io.webappupgrade.cli;

import io.webappupgrade.manager.Execution;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.ManagerEvent;
import io.webappupgrade.report.RolloutRecord;
import io.webappupgrade.rollout.record.SummaryEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the summary a {@code webapp_upgrade}/{@code webapp_rollback} execution published in its
 * events ({@link SummaryEvents}) back from a manager.
 */
final class PublishedSummary {

    private static final Set<String> ROLLOUT_WORKFLOWS = Set.of("webapp_upgrade", "webapp_rollback");
    /** How far back {@link #newestRollout} looks among the deployment's executions. */
    static final int LOOK_BACK = 50;

    private PublishedSummary() {
    }

    /** The record {@code executionId} published, or empty when its events hold none. */
    static Optional<RolloutRecord> of(ManagerClient client, String executionId) {
        List<String> messages = new ArrayList<>();
        int offset = 0;
        while (true) {
            ManagerClient.EventPage page = client.events(executionId, offset);
            for (ManagerEvent e : page.events()) {
                if (SummaryEvents.isPart(e.message())) {
                    messages.add(e.message());
                }
            }
            offset += page.events().size();
            if (page.events().isEmpty() || offset >= page.total()) {
                break;
            }
        }
        return SummaryEvents.decode(messages).map(RolloutRecord::fromJson);
    }

    /** The deployment's newest execution of webapp_upgrade or webapp_rollback among its last {@link #LOOK_BACK}. */
    static Optional<Execution> newestRollout(ManagerClient client, String deploymentId) {
        return client.newestExecutions(deploymentId, LOOK_BACK).stream()
                .filter(e -> ROLLOUT_WORKFLOWS.contains(e.workflowId()))
                .findFirst();
    }
}
