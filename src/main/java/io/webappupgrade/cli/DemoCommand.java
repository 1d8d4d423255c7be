package io.webappupgrade.cli;

import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalLifecycle;
import io.webappupgrade.deployment.local.LocalOpener;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.traffic.LoadReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded demo: HAProxy and N app instances on this machine, steady traffic through HAProxy,
 * and a rolling upgrade from 1.0.0 to 2.0.0 (or to a release that never gets healthy) by the same
 * engine and operations Cloudify runs, then everything it started is stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a real rolling upgrade on this machine under live traffic, no Cloudify needed:",
            "HAProxy and N app instances (Node.js) on loopback ports, steady requests through HAProxy",
            "while the instances move from 1.0.0 to 2.0.0, then a count of failed requests (there should be none).",
            "Everything it starts is stopped at the end, also on Ctrl-C."},
        footer = {"", "Exit codes: 0 the rollout did what the scenario expects and no request failed;"
                + " 1 the rollout failed and was rolled back (the bad-release and bad-canary scenarios' outcome);"
                + " 2 a prerequisite is missing; 6 requests failed."})
final class DemoCommand implements Callable<Integer> {

    static final int REQUESTS_FAILED = 6;
    /** The bad-canary scenario's verification window: long enough for a few hundred requests at the default rate. */
    static final int BAD_CANARY_WINDOW_SECONDS = 8;

    private final CliContext cli;

    @Option(names = "--instances", defaultValue = "4", description = "App instances behind HAProxy (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--scenario", defaultValue = "upgrade", paramLabel = "upgrade|bad-release|bad-canary",
            description = "upgrade: 1.0.0 to 2.0.0. bad-release: to 3.0.0, which never gets healthy: the canary fails,"
                    + " the run stops and rolls back. bad-canary: to 4.0.0, healthy but answering 500 to one request"
                    + " in five: the canary is caught in its verification window and rolled back"
                    + " (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--rate", defaultValue = "200", description = "Requests per second through HAProxy (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--slow-percent", defaultValue = "5",
            description = "Share of requests that take --slow-ms on the server (default ${DEFAULT-VALUE}).")
    int slowPercent;

    @Option(names = "--slow-ms", defaultValue = "1000", description = "How long a slow request takes (default ${DEFAULT-VALUE}).")
    int slowMillis;

    @Option(names = "--delay", defaultValue = "0", description = "Seconds between instances (default ${DEFAULT-VALUE}).")
    String delay;

    @Option(names = "--batch-size", defaultValue = "1", description = "Instances upgraded at once (default ${DEFAULT-VALUE}).")
    String batchSize;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where it all runs (default: a new temporary folder).")
    Path workDir;

    @Option(names = "--keep", description = "Leave HAProxy and the apps running at the end (stop them with"
            + " 'uninstall --local DIR/demo.yaml').")
    boolean keep;

    DemoCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = cli.out();
        if (!List.of("upgrade", "bad-release", "bad-canary").contains(scenario)) {
            cli.err().println("demo: --scenario is '" + scenario + "': expected upgrade, bad-release or bad-canary");
            return 2;
        }
        if (instances < 1 || instances > 50 || rate < 1 || rate > 2000 || slowPercent < 0 || slowPercent > 100) {
            cli.err().println("demo: --instances is 1-50, --rate 1-2000, --slow-percent 0-100");
            return 2;
        }
        Optional<DemoPrerequisites> programs = DemoPrerequisites.find(cli.env(), cli.err());
        if (programs.isEmpty()) {
            return 2;
        }
        Path dir = workDir != null ? Files.createDirectories(workDir.toAbsolutePath())
                : Files.createTempDirectory("webapp-upgrade-demo-");
        boolean bad = scenario.equals("bad-release");
        boolean badCanary = scenario.equals("bad-canary");
        DemoReleases releases = DemoReleases.write(dir, scenario);
        DemoTopology topology = DemoTopology.write(dir, programs.get(), releases.first(), instances);
        String frontend = topology.frontendUrl();

        LocalDeployment deployment = LocalOpener.toRead(topology.file(), cli.pluginTypes().get(), cli.registry(), out::println, Map.of())
                .deployment();
        LocalLifecycle lifecycle = new LocalLifecycle(deployment);
        DemoTraffic traffic = new DemoTraffic(frontend, rate, slowPercent, slowMillis);
        DemoShutdown shutdown = DemoShutdown.install();
        try {
            out.printf("webapp-upgrade demo (%s) in %s%n", scenario, dir);
            out.printf("Installing HAProxy on %s and %d instances of the sample app at 1.0.0 ...%n", frontend, instances);
            long t0 = System.nanoTime();
            lifecycle.install();
            out.printf("Installed in %.1f s. Sending %d requests/s through HAProxy (%d%% take %d ms) ...%n",
                    (System.nanoTime() - t0) / 1e9, rate, slowPercent, slowMillis);
            traffic.start();
            Thread.sleep(2000);
            out.printf("Rolling upgrade to %s%s:%n", releases.target(), bad ? " (a release that never gets healthy)"
                    : badCanary ? " (healthy, but 500 on one request in " + DemoReleases.BAD_CANARY_FAILS_EVERY
                    + "; each batch is verified for " + BAD_CANARY_WINDOW_SECONDS + " s)" : "");
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("version", releases.target());
            params.put("url", releases.targetUrl().toString());
            params.put("delay", delay);
            params.put("batch_size", batchSize);
            if (badCanary) {
                params.put("verify_seconds", BAD_CANARY_WINDOW_SECONDS);
            }
            RolloutRunner.Settings settings = new RolloutRunner.Settings(false, true, cli.tty(), dir.resolve("reports"),
                    dir.resolve("journal"));
            RolloutRunner.Result result = new RolloutRunner(out, cli.err(), cli.clock(), Sleeper.system())
                    .run(deployment, RolloutMode.UPGRADE, params, settings, List.of(), Optional.of(traffic.probe()));
            Thread.sleep(2000);
            LoadReport report = traffic.stopAndPrint(out);
            InstanceVersions.print(out, deployment.instances());
            int code = result.exitCode();
            if (badCanary) {
                return DemoCanaryCost.print(out, report, releases.target(), result.record()) ? code : REQUESTS_FAILED;
            }
            if (report.failed() > 0) {
                return REQUESTS_FAILED;
            }
            return code;
        } finally {
            traffic.close();
            Thread.interrupted();
            if (keep) {
                out.println("Left running (--keep): stop it with: webapp-upgrade uninstall --local " + topology.file());
            } else {
                out.println("Stopping HAProxy and the app instances ...");
                lifecycle.uninstall();
            }
            shutdown.cleanedUp();
        }
    }
}
