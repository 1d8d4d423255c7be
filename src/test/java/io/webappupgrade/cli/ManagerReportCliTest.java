package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.manager.ExecutingManager;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.report.PublishedRuns;
import io.webappupgrade.rollout.record.SummaryEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a workflow run on a manager, rebuilt on the user's machine from the summary the
 * workflow published in its events: at the end of {@code rollout --deployment}, and by {@code report --deployment}.
 */
class ManagerReportCliTest {

    @TempDir
    Path work;

    private final ExecutingManager manager = new ExecutingManager();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final String summary = PublishedRuns.rollbackSummaryJson();

    ManagerReportCliTest() {
        manager.deployment("shop", List.of("install", "uninstall", "execute_operation", "webapp_upgrade",
                "webapp_rollback"));
        manager.nextExecutions(ExecutingManager.Script.succeeds(2));
        manager.publishAtEnd(SummaryEvents.encode(summary));
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
        List<String> args = new ArrayList<>(List.of(command, "--deployment", "shop", "--manager",
                manager.apiUrl().toString(), "--tenant", StubManager.TENANT, "--username", StubManager.USER));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void aWorkflowRolloutWritesTheReportItPublishedOnThisMachine() throws IOException {
        Path reports = work.resolve("reports");

        int code = run(onShop("rollback", "--reports-dir", reports.toString()));

        assertThat(code).as(output()).isZero();
        assertThat(manager.executions()).hasSize(1);
        assertThat(files(reports, ".json")).hasSize(1);
        assertThat(Files.readString(files(reports, ".json").get(0))).contains("webapp_rollback").contains("web_2");
        assertThat(Files.readString(files(reports, ".html").get(0))).contains("web_1").contains("web_2");
        assertThat(output()).contains("Report: " + reports.resolve(files(reports, ".html").get(0).getFileName()))
                .doesNotContain(SummaryEvents.PREFIX);
    }

    @Test
    void aWorkflowThatPublishedNothingSaysSoAndKeepsItsExitCode() {
        manager.publishAtEnd(List.of());

        int code = run(onShop("rollback", "--reports-dir", work.resolve("reports").toString()));

        assertThat(code).as(output()).isZero();
        assertThat(output()).contains("No report: execution").contains("published no summary");
        assertThat(work.resolve("reports")).doesNotExist();
    }

    @Test
    void reportFetchesTheNewestRolloutExecutionsSummary() throws IOException {
        assertThat(run(onShop("rollback", "--reports-dir", work.resolve("r").toString()))).as(output()).isZero();
        manager.publishAtEnd(List.of());
        try (ManagerClient other = new ManagerClient(manager.connection())) {
            other.startExecution("shop", "install", Map.of());
        }
        out.reset();
        Path html = work.resolve("fetched.html");

        int code = run(onShop("report", "-o", html.toString()));

        assertThat(code).as(output()).isZero();
        assertThat(Files.readString(html)).contains("web_1").contains("webapp_rollback");
    }

    @Test
    void reportTextOfANamedExecution() {
        assertThat(run(onShop("rollback", "--reports-dir", work.resolve("r").toString()))).as(output()).isZero();
        String id = manager.executions().get(0).id;
        out.reset();

        int code = run(onShop("report", "--execution", id, "--text"));

        assertThat(code).as(output()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("web_1").contains("web_2");
    }

    @Test
    void anExecutionWithoutASummaryIsAClearError() {
        manager.publishAtEnd(List.of());
        assertThat(run(onShop("rollback", "--reports-dir", work.resolve("r").toString()))).as(output()).isZero();
        String id = manager.executions().get(0).id;
        err.reset();

        int code = run(onShop("report", "--execution", id));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("execution " + id).contains("published no summary");
    }

    @Test
    void aDeploymentWithoutRolloutsIsAClearError() {
        int code = run(onShop("report"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("deployment shop has no webapp_upgrade or"
                + " webapp_rollback execution");
    }

    @Test
    void reportNeedsAFileOrADeploymentNotBoth() throws IOException {
        Path json = Files.writeString(work.resolve("run.json"), summary);

        assertThat(run("report")).isEqualTo(2);
        assertThat(run(onShop("report", json.toString()))).isEqualTo(2);
        assertThat(run("report", "--execution", "x", json.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give either FILE.json, or --deployment ID")
                .contains("--execution x needs --deployment ID");
        assertThat(manager.requests()).isEmpty();
    }
}
