package io.webappupgrade.cli;

import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.deployment.bridge.BridgeDeployment;
import io.webappupgrade.deployment.bridge.BridgeOpener;
import io.webappupgrade.output.EventStreamListener;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.SummaryEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Java side of the {@code webapp_upgrade} and {@code webapp_rollback} workflows: run by the
 * workflow's Python entry, which serves the workflow context at WEBAPP_UPGRADE_BRIDGE_URL.
 */
@Command(name = "workflow", hidden = true, mixinStandardHelpOptions = true,
        description = "Run a rollout inside a Cloudify workflow (started by webapp_upgrade_workflow.py).")
final class WorkflowCommand implements Callable<Integer> {

    static final String BRIDGE_URL = "WEBAPP_UPGRADE_BRIDGE_URL";

    private final CliContext cli;

    @Parameters(index = "0", description = "webapp_upgrade or webapp_rollback")
    String workflow;

    @Option(names = "--deployment", required = true, description = "The deployment id.")
    String deployment;

    @Option(names = "--state-dir", description = "Where summaries and the resume journal are kept"
            + " (default: ~/.webapp-upgrade on the host that runs workflows).")
    Path stateDir;

    WorkflowCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        RolloutMode mode = switch (workflow) {
            case "webapp_upgrade" -> RolloutMode.UPGRADE;
            case "webapp_rollback" -> RolloutMode.ROLLBACK;
            default -> null;
        };
        if (mode == null) {
            cli.err().println("unknown workflow '" + workflow + "': expected webapp_upgrade or webapp_rollback");
            return 2;
        }
        String url = cli.env().get(BRIDGE_URL);
        if (url == null || url.isBlank()) {
            cli.err().println(BRIDGE_URL + " is not set: this command is run by the workflow's Python entry,"
                    + " not by hand (use 'rollout' instead)");
            return 2;
        }
        OpenedDeployment<BridgeDeployment> opened = BridgeOpener.open(url, deployment,
                stateDir != null ? stateDir : cli.home());
        Path state = opened.stateDir();
        // Progress goes to Cloudify's event stream; stdout only carries the outcome.
        RolloutRunner.Settings settings = new RolloutRunner.Settings(false, false, false,
                state.resolve("reports").resolve(deployment), state.resolve("journal"));
        RolloutRunner.Result result = new RolloutRunner(cli.out(), cli.err(), cli.clock(), Sleeper.system())
                .run(opened.deployment(), mode, opened.parameters(), settings,
                        List.of(new EventStreamListener(opened.deployment())), Optional.empty());
        result.record().ifPresent(record -> publish(opened.deployment(), record.summary()));
        return result.exitCode();
    }

    /**
     * The files above stay on the host that runs workflows, where users never look: the summary
     * also goes into the execution's events, from which {@code report --deployment} and
     * {@code rollout --deployment} rebuild the report on the user's machine.
     */
    private static void publish(BridgeDeployment deployment, RolloutSummary summary) {
        for (String part : SummaryEvents.encode(summary.toJson())) {
            deployment.publishEvent(part);
        }
    }
}
