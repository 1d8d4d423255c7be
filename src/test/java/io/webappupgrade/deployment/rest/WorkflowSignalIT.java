package io.webappupgrade.deployment.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.manager.ExecutingManager;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.testing.AgentProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout --deployment} run as a CI pipeline runs it (the jar as a process) against a
 * stateful stub manager whose deployment declares the plugin's workflows: the rollout is one
 * execution of {@code webapp_upgrade}, and Ctrl-C cancels it on the manager and exits 4.
 */
class WorkflowSignalIT {

    @TempDir
    Path work;

    private final ExecutingManager manager = new ExecutingManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private AgentProcess start(String... extra) {
        manager.deployment("shop", List.of("install", "uninstall", "execute_operation", "webapp_upgrade",
                "webapp_rollback"));
        List<String> args = new java.util.ArrayList<>(List.of("rollout", "--deployment", "shop",
                "--manager", manager.apiUrl().toString(), "--tenant", StubManager.TENANT,
                "--username", StubManager.USER, "--version", "2.0.0", "--url", "https://releases.example.com/shop-2.0.0.tgz"));
        args.addAll(List.of(extra));
        return AgentProcess.start(Map.of("CLOUDIFY_PASSWORD", StubManager.PASSWORD, "WEBAPP_UPGRADE_HOME",
                work.toString()), args.toArray(String[]::new));
    }

    @Test
    void aRolloutIsOneExecutionOfTheDeploymentsWorkflow() {
        manager.nextExecutions(ExecutingManager.Script.succeeds(3));
        try (AgentProcess run = start("--percentage", "50")) {
            int exit = run.waitFor(Duration.ofSeconds(60));

            assertThat(exit).as(run.output()).isZero();
            assertThat(manager.executions()).hasSize(1);
            ExecutingManager.Exec only = manager.executions().get(0);
            assertThat(only.workflowId).isEqualTo("webapp_upgrade");
            assertThat(only.parameters).containsEntry("version", "2.0.0").containsEntry("percentage", 50);
            assertThat(run.output()).contains("mode: one execution of the deployment's workflow 'webapp_upgrade'")
                    .contains("webapp_upgrade: execution " + only.id + " of webapp_upgrade on shop ended 'terminated'")
                    .doesNotContain("DEBUG").doesNotContain(StubManager.PASSWORD);
        }
    }

    @Test
    void ctrlCCancelsTheExecutionOnTheManagerAndExits4() {
        manager.nextExecutions(ExecutingManager.Script.runsUntilCancelled());
        try (AgentProcess run = start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> manager.executions().size() == 1
                    && "started".equals(manager.executions().get(0).status()));

            run.signal("INT");
            int exit = run.waitFor(Duration.ofSeconds(60));

            assertThat(exit).as(run.output()).isEqualTo(4);
            assertThat(manager.executions().get(0).status()).isEqualTo("cancelled");
            assertThat(manager.requests()).filteredOn(r -> r.startsWith("POST /api/v3.1/executions/")).hasSize(1);
            assertThat(run.output()).contains("asked the manager to cancel execution exec-1")
                    .contains("was cancelled as asked");
        }
    }
}
