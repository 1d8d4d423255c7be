package io.webappupgrade.cli;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.Sleeper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rollout} and {@code rollback}: the engine on a deployment of this machine. */
@Command(sortOptions = false, usageHelpAutoWidth = true,
        footer = {"", "Exit codes: 0 success (also nothing to do, dry run), 1 the rollout failed and stopped"
                + " (rolled back), 2 bad parameters (nothing ran), 3 an instance is out of the load balancer"
                + " (re-run the same command to put it back and go on), 4 interrupted."})
final class RolloutCommand implements Callable<Integer> {

    private final CliContext cli;
    private final RolloutMode mode;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nWhere the deployment is:%n")
    Target target;

    static final class Target {
        @Option(names = "--local", paramLabel = "TOPOLOGY",
                description = "A deployment on this machine described in a topology file (its state file beside it).")
        Path local;
    }

    @Mixin
    EngineOptions engine;

    @Mixin
    OutputOptions output;

    RolloutCommand(CliContext cli, RolloutMode mode) {
        this.cli = cli;
        this.mode = mode;
    }

    @Override
    public Integer call() {
        Deployment deployment = LocalTarget.open(target.local, cli.registry(), cli.out());
        RolloutRunner.Settings settings = new RolloutRunner.Settings(output.json, !output.json, cli.tty(),
                output.reportsDir(), target.local.toAbsolutePath().getParent().resolve(".webapp-upgrade-journal"));
        return new RolloutRunner(cli.out(), cli.err(), cli.clock(), Sleeper.system())
                .run(deployment, mode, engine.toParameters(), settings, List.of());
    }
}
