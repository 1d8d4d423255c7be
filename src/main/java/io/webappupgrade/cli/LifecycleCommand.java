package io.webappupgrade.cli;

import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalLifecycle;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code install} and {@code uninstall} of a local deployment, as Cloudify's workflows of those names. */
@Command(mixinStandardHelpOptions = true)
final class LifecycleCommand implements Callable<Integer> {

    private final CliContext cli;
    private final boolean install;

    @Option(names = "--local", required = true, paramLabel = "TOPOLOGY", description = "The topology file.")
    Path topology;

    LifecycleCommand(CliContext cli, boolean install) {
        this.cli = cli;
        this.install = install;
    }

    @Override
    public Integer call() throws InterruptedException {
        LocalDeployment deployment = LocalTarget.open(topology, cli.registry(), cli.out());
        LocalLifecycle lifecycle = new LocalLifecycle(deployment);
        if (install) {
            lifecycle.install();
            cli.out().println("installed " + deployment.id() + " (state in " + deployment.topology().stateFile() + ")");
        } else {
            lifecycle.uninstall();
            cli.out().println("uninstalled " + deployment.id());
        }
        return 0;
    }
}
