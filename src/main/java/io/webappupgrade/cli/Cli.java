package io.webappupgrade.cli;

import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.agent.OperationSpec;
import io.webappupgrade.deployment.local.PluginTypes;
import io.webappupgrade.rollout.RolloutMode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line a person types: {@code webapp-upgrade --help}. */
public final class Cli {

    private final CliContext context;

    public Cli(String version, OperationRegistry registry, PrintStream out, PrintStream err, Map<String, String> env,
            boolean tty) {
        this(version, registry, out, err, env, tty, Optional.empty());
    }

    /**
     * @param classDataRecording the class-data archive {@code bin/webapp-upgrade} records while this
     *        command runs, if it records one: the command says whether its run was worth keeping
     */
    public Cli(String version, OperationRegistry registry, PrintStream out, PrintStream err, Map<String, String> env,
            boolean tty, Optional<Path> classDataRecording) {
        // parsed while picocli builds its model of the command line, not after it
        this.context = new CliContext(version, registry, out, err, env, Clock.systemUTC(), tty,
                Ahead.start("plugin-types", PluginTypes::bundled), ClassDataRecording.of(classDataRecording));
    }

    public int run(String[] args) {
        CommandLine cli = new CommandLine(new Root())
                .setOut(new PrintWriter(context.out(), true))
                .setErr(new PrintWriter(context.err(), true))
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // People get one line that says what went wrong; the stack trace is for debugging.
                    commandLine.getErr().println(commandLine.getCommandName() + ": " + describe(e));
                    if (context.env().containsKey("WEBAPP_UPGRADE_DEBUG")) {
                        e.printStackTrace(commandLine.getErr());
                    }
                    // Bad input (a topology, a connection setting) is a usage error, like bad options.
                    return e instanceof IllegalArgumentException ? 2 : 1;
                });
        cli.getCommandSpec().version("webapp-upgrade " + context.version());
        Map<String, Supplier<CommandLine>> subcommands = subcommands();
        // Picocli's model of a command is built by reflection; a command line names one subcommand,
        // so only that one is built. The root's help, its errors and its suggestions need them all.
        String named = args.length > 0 ? args[0] : "";
        if (subcommands.containsKey(named)) {
            cli.addSubcommand(named, subcommands.get(named).get());
        } else {
            subcommands.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        int exitCode = cli.execute(args);
        context.recording().commandEnded(exitCode);
        return exitCode;
    }

    /** Each subcommand by name, in the order the root's help lists them. */
    private Map<String, Supplier<CommandLine>> subcommands() {
        Map<String, Supplier<CommandLine>> all = new LinkedHashMap<>();
        // rollout and rollback report unknown options themselves, together with bad parameter values.
        all.put("rollout", () -> described(new CommandLine(new RolloutCommand(context, RolloutMode.UPGRADE))
                .setUnmatchedArgumentsAllowed(true),
                "Upgrade the web-app instances of a deployment to a release, one batch at a time: out of the"
                        + " load balancer (drained), upgrade, health check, back in."));
        all.put("rollback", () -> described(new CommandLine(new RolloutCommand(context, RolloutMode.ROLLBACK))
                .setUnmatchedArgumentsAllowed(true),
                "Step the web-app instances of a deployment back one release, the same load-balancer-aware way."));
        all.put("status", () -> new CommandLine(new StatusCommand(context)));
        all.put("install", () -> described(new CommandLine(new LifecycleCommand(context, true)),
                "Install a local topology as Cloudify's install would: HAProxy, then each app instance, then"
                        + " into the load balancer."));
        all.put("uninstall", () -> described(new CommandLine(new LifecycleCommand(context, false)),
                "Uninstall a local topology: out of the load balancer, stop, delete; HAProxy last."));
        all.put("demo", () -> new CommandLine(new DemoCommand(context)));
        all.put("report", () -> new CommandLine(new ReportCommand(context)));
        all.put("operations", () -> new CommandLine(new ListOperations(context)));
        all.put("workflow", () -> new CommandLine(new WorkflowCommand(context)));
        return all;
    }

    private static CommandLine described(CommandLine command, String description) {
        command.getCommandSpec().usageMessage().description(description);
        return command;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
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
    private static final class ListOperations implements Callable<Integer> {
        private final CliContext cli;

        ListOperations(CliContext cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            for (OperationSpec op : cli.registry().all()) {
                cli.out().printf("%-28s %s%s%n", op.name(), op.relationship() ? "[relationship] " : "", op.summary());
                if (!op.inputs().isEmpty()) {
                    cli.out().printf("%-28s inputs: %s%n", "", String.join(", ", op.inputs()));
                }
            }
            return 0;
        }
    }
}
