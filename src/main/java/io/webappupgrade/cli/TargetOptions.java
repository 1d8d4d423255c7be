package io.webappupgrade.cli;

import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.deployment.local.LocalOpener;
import io.webappupgrade.deployment.local.LocalStateCheck;
import io.webappupgrade.deployment.rest.RestOpener;
import io.webappupgrade.manager.ConnectionOptions;
import io.webappupgrade.manager.ConnectionResolver;
import io.webappupgrade.manager.ManagerConnection;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the deployment is: a topology on this machine ({@code --local}) or a Cloudify manager
 * ({@code --deployment} with the connection from options, CLOUDIFY_* environment variables or a
 * connection file).
 */
final class TargetOptions {

    @Option(names = "--local", paramLabel = "TOPOLOGY",
            description = "A deployment on this machine described in a topology file (its state file beside it).")
    Path local;

    @ArgGroup(exclusive = false, heading = "%nOr on a Cloudify manager (REST API):%n")
    Manager manager;

    static final class Manager {
        @Option(names = "--deployment", required = true, paramLabel = "ID", description = "The deployment id.")
        String deployment;

        @Option(names = "--manager", paramLabel = "URL", description = "https://HOST[:PORT] (or $CLOUDIFY_HOST).")
        String address;

        @Option(names = "--tenant", description = "The tenant (or $CLOUDIFY_TENANT; default default_tenant).")
        String tenant;

        @Option(names = "--username", description = "User name (or $CLOUDIFY_USERNAME).")
        String username;

        @Option(names = "--password", description = "Password; prefer $CLOUDIFY_PASSWORD, which stays off the command line.")
        String password;

        @Option(names = "--token", description = "API token instead of user and password (or $CLOUDIFY_TOKEN).")
        String token;

        @Option(names = "--ca-bundle", paramLabel = "PEM", description = "CA certificates to trust (or $CLOUDIFY_SSL_CERT).")
        Path caBundle;

        @Option(names = "--connection-file", paramLabel = "YAML",
                description = "manager, tenant, username, password, token, ca_bundle in a file.")
        Path connectionFile;
    }

    /**
     * Opens the deployment to change it with the run's {@code parameters}. A local one is locked
     * for the whole run (another run is refused at once) and its state is checked before anything runs.
     */
    OpenedDeployment<?> open(CliContext cli, Map<String, Object> parameters) {
        requireOneTarget();
        if (local != null) {
            return LocalOpener.toChange(local, cli.pluginTypes().get(), cli.registry(), cli.out()::println, LocalStateCheck::requireInstalled,
                    parameters, CommandLineText.thisCommand());
        }
        return openManager(cli, parameters);
    }

    /** Opens the deployment to read it: no lock, so it works while a run holds one. */
    OpenedDeployment<?> openToRead(CliContext cli) {
        requireOneTarget();
        if (local != null) {
            return LocalOpener.toRead(local, cli.pluginTypes().get(), cli.registry(), cli.out()::println, Map.of());
        }
        return openManager(cli, Map.of());
    }

    private void requireOneTarget() {
        if ((local == null) == (manager == null)) {
            throw new IllegalArgumentException("say where the deployment is: --local TOPOLOGY, or --deployment ID"
                    + " (with --manager URL or $CLOUDIFY_HOST) for a Cloudify manager");
        }
    }

    private OpenedDeployment<?> openManager(CliContext cli, Map<String, Object> parameters) {
        return RestOpener.open(managerConnection(cli), manager.deployment, line -> cli.out().println("  " + line),
                parameters, cli.home());
    }

    /** The deployment is on a manager ({@code --deployment}) rather than on this machine. */
    boolean onManager() {
        requireOneTarget();
        return manager != null;
    }

    String deploymentId() {
        return manager.deployment;
    }

    ManagerConnection managerConnection(CliContext cli) {
        ConnectionOptions options = new ConnectionOptions(manager.address, manager.tenant, manager.username,
                manager.password, manager.token, manager.caBundle, null, null);
        return new ConnectionResolver(cli.env()).resolve(options, manager.connectionFile);
    }
}
