package io.webappupgrade.cli;

import io.webappupgrade.manager.ConnectionOptions;
import io.webappupgrade.manager.ConnectionResolver;
import io.webappupgrade.manager.Execution;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.ManagerException;
import io.webappupgrade.report.ReportWriter;
import io.webappupgrade.report.RolloutRecord;
import io.webappupgrade.report.TerminalTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report FILE.json}: renders a saved run again. {@code report --deployment DEP [--execution ID]}:
 * renders the run a manager's workflow published in its events.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render the HTML report of a saved run (the .json every run writes, or a --json summary),"
                + " or of a webapp_upgrade/webapp_rollback execution on a Cloudify manager (--deployment; the"
                + " workflow publishes its summary in the execution's events).")
final class ReportCommand implements Callable<Integer> {

    private final CliContext cli;

    @Parameters(paramLabel = "FILE.json", arity = "0..1", description = "The run's JSON record or summary.")
    Path file;

    @ArgGroup(exclusive = false, heading = "%nOr a workflow's run on a Cloudify manager (REST API):%n")
    TargetOptions.Manager manager;

    @Option(names = "--execution", paramLabel = "ID",
            description = "With --deployment: this execution (default: the deployment's newest webapp_upgrade or"
                    + " webapp_rollback execution).")
    String execution;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
            description = "Where to write (default: beside FILE, .html; with --deployment, in webapp-upgrade-reports/,"
                    + " with the .json beside it).")
    Path output;

    @Option(names = "--text", description = "Print the terminal timeline instead of writing HTML.")
    boolean text;

    ReportCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        if ((file == null) == (manager == null)) {
            cli.err().println("report: give either FILE.json, or --deployment ID (with --manager URL or $CLOUDIFY_HOST)"
                    + " for a run on a Cloudify manager");
            return 2;
        }
        if (execution != null && manager == null) {
            cli.err().println("report: --execution " + execution + " needs --deployment ID");
            return 2;
        }
        return file != null ? fromFile() : fromManager();
    }

    private int fromFile() throws IOException {
        if (!Files.isRegularFile(file)) {
            cli.err().println("report: " + file + " is not a file");
            return 2;
        }
        RolloutRecord record;
        try {
            record = RolloutRecord.fromJson(Files.readString(file));
        } catch (IllegalArgumentException e) {
            cli.err().println("report: " + file + ": " + e.getMessage());
            return 2;
        }
        if (text) {
            cli.out().println(TerminalTimeline.render(record, 100));
            return 0;
        }
        Path html = output != null ? output
                : file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + ".html");
        cli.out().println("Report: " + new ReportWriter().write(record, html));
        return 0;
    }

    private int fromManager() throws IOException {
        ConnectionOptions options = new ConnectionOptions(manager.address, manager.tenant, manager.username,
                manager.password, manager.token, manager.caBundle, null, null);
        String deployment = manager.deployment;
        Optional<RolloutRecord> record;
        String executionId;
        try (ManagerClient client = new ManagerClient(new ConnectionResolver(cli.env())
                .resolve(options, manager.connectionFile))) {
            if (execution != null) {
                Execution found = client.execution(execution);
                if (!deployment.equals(found.deploymentId())) {
                    cli.err().println("report: execution " + execution + " ran on deployment '" + found.deploymentId()
                            + "', not on '" + deployment + "'");
                    return 2;
                }
                executionId = execution;
            } else {
                Optional<Execution> newest = PublishedSummary.newestRollout(client, deployment);
                if (newest.isEmpty()) {
                    cli.err().println("report: deployment " + deployment + " has no webapp_upgrade or webapp_rollback"
                            + " execution among its last " + PublishedSummary.LOOK_BACK + " executions");
                    return 2;
                }
                executionId = newest.get().id();
            }
            record = PublishedSummary.of(client, executionId);
        } catch (ManagerException e) {
            cli.err().println("report: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            cli.err().println("report: the summary execution published is not readable: " + e.getMessage());
            return 1;
        }
        if (record.isEmpty()) {
            cli.err().println("report: execution " + executionId + " on " + deployment + " published no summary (it"
                    + " ended before the rollout did, or it is not a webapp_upgrade/webapp_rollback run)");
            return 1;
        }
        if (text) {
            cli.out().println(TerminalTimeline.render(record.get(), 100));
            return 0;
        }
        if (output != null) {
            cli.out().println("Report: " + new ReportWriter().write(record.get(), output));
            return 0;
        }
        ReportFiles.Pending pending = ReportFiles.start(record.get(), Path.of("webapp-upgrade-reports"));
        ReportFiles.Written written = pending.await();
        if (written.error().isPresent()) {
            cli.err().println("report: could not write to webapp-upgrade-reports: " + written.error().get());
            return 1;
        }
        cli.out().println("Report: " + pending.html() + " (and its .json beside it; execution " + executionId + ")");
        return 0;
    }
}
