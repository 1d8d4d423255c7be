package io.webappupgrade.cli;

import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalLifecycle;
import io.webappupgrade.deployment.local.LocalOpener;
import io.webappupgrade.deployment.local.LocalStateCheck;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code install} and {@code uninstall} of a local deployment, as Cloudify's workflows of those
 * names; each holds the deployment's lock for its whole run.
 */
@Command(mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 0 done, 1 an operation failed (the message names it), 2 bad topology, a state"
                + " file of another topology, or another run holds the deployment's lock (nothing was changed)."})
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
    public Integer call() throws Exception {
        try (OpenedDeployment<LocalDeployment> opened = LocalOpener.toChange(topology, cli.pluginTypes().get(), cli.registry(),
                cli.out()::println, LocalStateCheck::requireSameTopology, Map.of(), CommandLineText.thisCommand())) {
            LocalLifecycle lifecycle = new LocalLifecycle(opened.deployment());
            String id = opened.deployment().id();
            if (install) {
                LocalLifecycle.InstallResult result = lifecycle.install();
                cli.out().println("installed " + id + ": " + result.installed() + " instance(s) installed, "
                        + result.checked() + " already installed checked (running, in the load balancer);"
                        + " state in " + opened.deployment().topology().stateFile());
            } else {
                lifecycle.uninstall();
                cli.out().println("uninstalled " + id);
            }
        }
        return 0;
    }
}
