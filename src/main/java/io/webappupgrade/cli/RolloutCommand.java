package io.webappupgrade.cli;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.deployment.rest.WorkflowRollout;
import io.webappupgrade.rollout.InvalidParametersException;
import io.webappupgrade.rollout.ParameterProblem;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rollout} and {@code rollback}: the engine on a deployment of this machine. */
@Command(sortOptions = false, usageHelpAutoWidth = true,
        footer = {"", "Exit codes: 0 success (also nothing to do, dry run), 1 the rollout failed and stopped"
                + " (rolled back), 2 bad parameters (nothing ran), 3 an instance is out of the load balancer"
                + " (re-run the same command to put it back and go on), 4 interrupted (Ctrl-C or SIGTERM: the step in flight is"
                + " stopped and the instance put back; a second Ctrl-C within 5 s exits at once; on a manager running the"
                + " deployment's workflow, Ctrl-C cancels that execution and a second one force-cancels it), 5 refused: the next batch"
                + " would have left fewer than min_serving servers serving, or (on a manager) another execution held the"
                + " deployment or the queue (nothing is out of the load balancer)."})
final class RolloutCommand implements Callable<Integer> {

    private final CliContext cli;
    private final RolloutMode mode;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    TargetOptions target;

    @Mixin
    EngineOptions engine;

    @Mixin
    OutputOptions output;

    @Option(names = "--probe", paramLabel = "URL",
            description = "Send requests to this URL (through the load balancer) during the run, and show in the"
                    + " report which versions answered and whether any failed.")
    URI probe;

    @Option(names = "--probe-rate", paramLabel = "N", defaultValue = "20",
            description = "Probe requests per second (default ${DEFAULT-VALUE}).")
    int probeRate;

    RolloutCommand(CliContext cli, RolloutMode mode) {
        this.cli = cli;
        this.mode = mode;
    }

    @Option(names = {"-v", "--verbose"},
            description = "On a manager: relay the workflow's DEBUG logs too (INFO and up otherwise).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> unknown = spec.commandLine().getUnmatchedArguments();
        if (!unknown.isEmpty()) {
            return refuseUnknown(unknown);
        }
        // code the later steps would run cold (an HTTP call, the report) gets warm on its own thread
        // while the manager runs the workflow, or once a run here first waits
        WarmUp warmUp = new WarmUp();
        if (target.onManager()) {
            warmUp.start();
            Optional<Integer> asWorkflow = new ManagerWorkflowRun(cli, mode, WorkflowRollout.Settings.standard(verbose),
                    output.reportsDir())
                    .run(target.managerConnection(cli), target.deploymentId(), engine.toParameters());
            if (asWorkflow.isPresent()) {
                return asWorkflow.get();
            }
        }
        try (OpenedDeployment<?> opened = target.open(cli, engine.toParameters())) {
            Deployment deployment = opened.deployment();
            RolloutRunner.Settings settings = new RolloutRunner.Settings(output.json, !output.json, cli.tty(),
                    output.reportsDir(), opened.stateDir().resolve("journal"));
            RolloutRunner runner = new RolloutRunner(cli.out(), cli.err(), cli.clock(), Sleeper.system());
            OutOfBalancerWatch watch = new OutOfBalancerWatch();
            RunInterrupter interrupter = new RunInterrupter(Thread.currentThread(), cli.err(), cli.clock(),
                    watch::describe, code -> Runtime.getRuntime().halt(code));
            List<RolloutListener> listeners = List.of(watch, warmUp);
            try (SignalTrap trap = SignalTrap.install(List.of("INT", "TERM"), interrupter::signal)) {
                if (probe == null) {
                    return ended(runner.run(deployment, mode, opened.parameters(), settings, listeners,
                            Optional.empty()));
                }
                try (Probe running = Probe.start(new LoadGenerator(LoadProfile.steady(probe, probeRate)))) {
                    return ended(runner.run(deployment, mode, opened.parameters(), settings, listeners,
                            Optional.of(running)));
                }
            } finally {
                // An interruption that came after the run ended must not leak into what closes the deployment.
                Thread.interrupted();
            }
        }
    }

    /** A run that changed nothing (nothing to do, a dry run) loaded too little of a rollout's code to record. */
    private int ended(RolloutRunner.Result result) {
        RolloutOutcome outcome = result.record().map(r -> r.summary().outcome()).orElse(RolloutOutcome.INVALID_PARAMETERS);
        if (outcome == RolloutOutcome.NOTHING_TO_DO || outcome == RolloutOutcome.DRY_RUN) {
            cli.recording().loadedTooLittle();
        }
        return result.exitCode();
    }

    /**
     * Unknown options are reported together with every bad parameter value, so one try shows all
     * that is wrong (picocli alone would stop at the first unknown option). Nothing is opened or run.
     */
    private int refuseUnknown(List<String> unknown) {
        // Compared without dashes, as the engine compares parameter names: --percentag ~ percentage.
        Map<String, String> byKey = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            for (String n : option.names()) {
                byKey.put(n.replaceFirst("^-+", "").replace('-', '_'), n);
            }
        }
        List<String> keys = List.copyOf(byKey.keySet());
        List<String> problems = new ArrayList<>();
        for (String arg : unknown) {
            if (arg.startsWith("-")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String hint = RolloutParameters.closest(name.replaceFirst("^-+", ""), keys).map(byKey::get)
                        .map(n -> "did you mean '" + n + "'? ").orElse("");
                problems.add("unknown option '" + name + "': " + hint + "see --help for the options");
            } else {
                problems.add("unexpected argument '" + arg + "' (every value belongs to an option)");
            }
        }
        try {
            RolloutParameters.parse(mode, engine.toParameters());
        } catch (InvalidParametersException e) {
            e.problems().stream().map(ParameterProblem::message).forEach(problems::add);
        }
        cli.err().println(mode.workflow() + ": " + problems.size() + " problem(s), nothing was run: "
                + String.join("; ", problems));
        return 2;
    }
}
