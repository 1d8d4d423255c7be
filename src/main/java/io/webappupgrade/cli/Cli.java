package io.webappupgrade.cli;

import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.agent.OperationSpec;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line a person types: {@code webapp-upgrade --help}. */
public final class Cli {

    private final String version;
    private final OperationRegistry registry;
    private final PrintStream out;
    private final PrintStream err;

    public Cli(String version, OperationRegistry registry, PrintStream out, PrintStream err) {
        this.version = version;
        this.registry = registry;
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        CommandLine cli = new CommandLine(new Root())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        cli.getCommandSpec().version("webapp-upgrade " + version);
        cli.addSubcommand("operations", new CommandLine(new ListOperations()));
        return cli.execute(args);
    }

    @Command(name = "webapp-upgrade", mixinStandardHelpOptions = true,
            description = {
                "Zero-downtime rolling upgrades of web applications behind HAProxy.",
                "",
                "As a Cloudify plugin, Cloudify's script plugin runs this jar once per operation:",
                "  java -jar webapp-upgrade-agent.jar <operation>   (see 'operations')",
            },
            footer = {"", "Exit codes of an operation: 0 ok, 1 failed (Cloudify may retry), 2 usage error,",
                "3 failed for good (abort recorded), 4 retry requested, 5 stopped by Cloudify."})
    private static final class Root implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "operations", mixinStandardHelpOptions = true,
            description = "List the operations this agent runs for Cloudify's script plugin.")
    private final class ListOperations implements Callable<Integer> {
        @Override
        public Integer call() {
            for (OperationSpec op : registry.all()) {
                out.printf("%-28s %s%s%n", op.name(), op.relationship() ? "[relationship] " : "", op.summary());
                if (!op.inputs().isEmpty()) {
                    out.printf("%-28s inputs: %s%n", "", String.join(", ", op.inputs()));
                }
            }
            return 0;
        }
    }
}
