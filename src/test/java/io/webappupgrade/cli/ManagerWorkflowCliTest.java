package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.manager.ExecutingManager;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollout}/{@code rollback --deployment} choose the deployment's own workflow when it declares it. */
class ManagerWorkflowCliTest {

    @TempDir
    Path work;

    private final ExecutingManager manager = new ExecutingManager();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    ManagerWorkflowCliTest() {
        manager.deployment("shop", List.of("install", "uninstall", "execute_operation", "webapp_upgrade",
                "webapp_rollback"));
        manager.nextExecutions(ExecutingManager.Script.succeeds(2));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private int run(String... args) {
        Map<String, String> env = Map.of("CLOUDIFY_PASSWORD", StubManager.PASSWORD,
                "WEBAPP_UPGRADE_HOME", work.toString(), "PATH", System.getenv("PATH"));
        return new Cli("test", AgentOperations.registry("test"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false).run(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private String[] onShop(String command, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--deployment", "shop", "--manager",
                manager.apiUrl().toString(), "--tenant", StubManager.TENANT, "--username", StubManager.USER));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void rollbackRunsTheRollbackWorkflowOnce() {
        int code = run(onShop("rollback"));

        assertThat(code).as(output()).isZero();
        assertThat(manager.executions()).extracting(e -> e.workflowId).containsExactly("webapp_rollback");
        assertThat(output()).contains("mode: one execution of the deployment's workflow 'webapp_rollback'");
    }

    @Test
    void verboseRelaysTheWorkflowsDebugLogs() {
        int code = run(onShop("rollout", "--version", "2.0.0", "--url", "https://x/y.tgz", "-v"));

        assertThat(code).as(output()).isZero();
        assertThat(output()).contains("DEBUG").contains("detail of step 2");
    }

    @Test
    void aRolloutWhileAnotherExecutionRunsIsRefusedWithExit5() {
        manager.nextExecutions(ExecutingManager.Script.runsUntilCancelled());
        try (ManagerClient other = new ManagerClient(manager.connection())) {
            other.startExecution("shop", "install", Map.of());
        }

        int code = run(onShop("rollout", "--version", "2.0.0", "--url", "https://x/y.tgz"));

        assertThat(code).as(output()).isEqualTo(5);
        assertThat(manager.executions()).extracting(e -> e.workflowId).containsExactly("install");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("busy with another execution")
                .contains("nothing ran");
    }

    @Test
    void numbersGoToTheManagerAsTheTypesTheWorkflowDeclares() {
        int code = run(onShop("rollout", "--version", "2.0", "--url", "https://x/y.tgz", "--percentage", "50",
                "--max-failures", "1.0", "--drain-timeout", "2.5", "--delay", "3", "--batch-size", "2"));

        assertThat(code).as(output()).isZero();
        assertThat(manager.executions().get(0).parameters).containsEntry("percentage", 50)
                .containsEntry("max_failures", 1).containsEntry("drain_timeout", 2.5).containsEntry("delay", 3)
                .containsEntry("version", "2.0").containsEntry("batch_size", "2");
    }

    @Test
    void badParametersAreRefusedBeforeAnyRequest() {
        int code = run(onShop("rollout", "--version", "2.0.0", "--url", "https://x/y.tgz", "--percentage", "150"));

        assertThat(code).isEqualTo(2);
        assertThat(output()).contains("percentage").contains("nothing was run");
        assertThat(manager.requests()).isEmpty();
    }

    @Test
    void aFailedWorkflowExits1WithItsErrorText() {
        manager.nextExecutions(new ExecutingManager.Script(1, "failed", "web_2 health check failed"));

        int code = run(onShop("rollout", "--version", "2.0.0", "--url", "https://x/y.tgz"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ended 'failed'").contains("web_2 health check failed");
    }
}
