package io.webappupgrade.cli;

import io.webappupgrade.deployment.rest.WorkflowRollout;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.ManagerConnection;
import io.webappupgrade.manager.ManagerException;
import io.webappupgrade.report.RolloutRecord;
import io.webappupgrade.rollout.record.SummaryEvents;
import io.webappupgrade.rollout.InvalidParametersException;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.RolloutParameters;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rollout --deployment}: when the deployment declares the run's workflow, it runs as ONE
 * execution of that workflow on the manager, followed from here. Every Ctrl-C or SIGTERM
 * interrupts the follower: the first asks the manager to cancel, the second to force-cancel.
 */
final class ManagerWorkflowRun {

    private final CliContext cli;
    private final RolloutMode mode;
    private final WorkflowRollout.Settings settings;
    private final Path reportsDir;

    /** @param reportsDir where the report the workflow published is written */
    ManagerWorkflowRun(CliContext cli, RolloutMode mode, WorkflowRollout.Settings settings, Path reportsDir) {
        this.cli = cli;
        this.mode = mode;
        this.settings = settings;
        this.reportsDir = reportsDir;
    }

    /** Parameters plugin.yaml declares as numbers; the manager checks their types. */
    private static final Set<String> WHOLE_NUMBERS = Set.of("percentage", "max_failures", "min_serving");
    private static final Set<String> NUMBERS = Set.of("drain_timeout", "delay", "pause");

    /**
     * The command line's text values as the workflow declares them: a manager refuses "50" for an
     * integer parameter. Called on parameters already checked, so the numbers parse.
     */
    static Map<String, Object> typed(Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (value instanceof String text && (WHOLE_NUMBERS.contains(name) || NUMBERS.contains(name))) {
                try {
                    BigDecimal number = new BigDecimal(text.strip());
                    boolean whole = number.stripTrailingZeros().scale() <= 0;
                    out.put(name, whole ? (Object) number.intValueExact() : (Object) number.doubleValue());
                    return;
                } catch (NumberFormatException | ArithmeticException e) {
                    // left as written: the workflow's own check names it
                }
            }
            out.put(name, value);
        });
        return out;
    }

    /**
     * Runs the deployment's workflow and returns the exit code, or empty when the deployment does
     * not declare it (the caller then runs the steps one execution each, and says so).
     */
    Optional<Integer> run(ManagerConnection connection, String deploymentId, Map<String, Object> parameters) {
        String workflow = mode.workflow();
        RolloutParameters checked;
        try {
            checked = RolloutParameters.parse(mode, parameters);
        } catch (InvalidParametersException e) {
            cli.err().println(workflow + ": " + RolloutRunner.describe(e));
            return Optional.of(2);
        }
        if (checked.dryRun()) {
            // A plan needs no execution: it is made here from one read of the deployment.
            return Optional.empty();
        }
        try (ManagerClient client = new ManagerClient(connection)) {
            if (!WorkflowRollout.declares(client, deploymentId, workflow)) {
                cli.out().println("mode: one execute_operation execution per step per batch (deployment " + deploymentId
                        + " does not declare the workflow '" + workflow + "'; its blueprint can import it from"
                        + " plugin.yaml to run as one execution)");
                return Optional.empty();
            }
            cli.out().println("mode: one execution of the deployment's workflow '" + workflow + "' (Ctrl-C cancels"
                    + " it, a second Ctrl-C force-cancels it)");
            Thread runner = Thread.currentThread();
            WorkflowRollout rollout = new WorkflowRollout(client, deploymentId, settings,
                    line -> cli.out().println("  " + line), SummaryEvents::isPart);
            WorkflowRollout.Outcome outcome;
            try (SignalTrap trap = SignalTrap.install(List.of("INT", "TERM"), name -> runner.interrupt())) {
                outcome = rollout.run(workflow, typed(parameters));
            } finally {
                Thread.interrupted();
            }
            if (outcome.execution() != null) {
                writeReport(client, outcome.execution().id());
            }
            (outcome.exitCode() == 0 ? cli.out() : cli.err()).println(workflow + ": " + outcome.line());
            return Optional.of(outcome.exitCode());
        }
    }

    /** The report from the summary the workflow published; its absence does not change how the run ended. */
    private void writeReport(ManagerClient client, String executionId) {
        Optional<RolloutRecord> record;
        try {
            record = PublishedSummary.of(client, executionId);
        } catch (ManagerException | IllegalArgumentException e) {
            cli.err().println("warning: the summary of execution " + executionId + " could not be read: "
                    + e.getMessage());
            return;
        }
        if (record.isEmpty()) {
            cli.out().println("No report: execution " + executionId + " published no summary (it ended before"
                    + " the rollout did, or its plugin predates published summaries)");
            return;
        }
        ReportFiles.Pending pending = ReportFiles.start(record.get(), reportsDir);
        ReportFiles.Written written = pending.await();
        if (written.error().isPresent()) {
            cli.err().println("warning: the report could not be written to " + reportsDir + ": " + written.error().get());
        } else {
            cli.out().println("Report: " + pending.html() + " (and its .json beside it)");
        }
    }
}
