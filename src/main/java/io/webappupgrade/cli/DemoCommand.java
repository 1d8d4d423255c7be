package io.webappupgrade.cli;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalLifecycle;
import io.webappupgrade.deployment.local.LocalOpener;
import io.webappupgrade.rollout.RolloutMode;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
                + " 1 the rollout failed and was rolled back (the bad-release scenario's outcome);"
                + " 2 a prerequisite is missing; 6 requests failed."})
final class DemoCommand implements Callable<Integer> {

    static final int REQUESTS_FAILED = 6;

    private final CliContext cli;

    @Option(names = "--instances", defaultValue = "4", description = "App instances behind HAProxy (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--scenario", defaultValue = "upgrade", paramLabel = "upgrade|bad-release",
            description = "upgrade: 1.0.0 to 2.0.0. bad-release: to 3.0.0, which never gets healthy: the canary fails,"
                    + " the run stops and rolls back (default ${DEFAULT-VALUE}).")
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
        if (!scenario.equals("upgrade") && !scenario.equals("bad-release")) {
            cli.err().println("demo: --scenario is '" + scenario + "': expected upgrade or bad-release");
            return 2;
        }
        if (instances < 1 || instances > 50 || rate < 1 || rate > 2000 || slowPercent < 0 || slowPercent > 100) {
            cli.err().println("demo: --instances is 1-50, --rate 1-2000, --slow-percent 0-100");
            return 2;
        }
        Executables path = new Executables(cli.env());
        Optional<Path> haproxy = path.find("haproxy");
        Optional<Path> node = path.find("node");
        if (haproxy.isEmpty() || node.isEmpty()) {
            cli.err().println("demo: needs " + (haproxy.isEmpty() ? "haproxy " : "") + (node.isEmpty() ? "node " : "")
                    + "on this machine: sudo apt-get install -y haproxy nodejs (or run scripts/setup.sh demo)");
            return 2;
        }
        Path dir = workDir != null ? Files.createDirectories(workDir.toAbsolutePath())
                : Files.createTempDirectory("webapp-upgrade-demo-");
        Path releases = Files.createDirectories(dir.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        boolean bad = scenario.equals("bad-release");
        String target = bad ? "3.0.0" : "2.0.0";
        SampleRelease next = bad ? SampleRelease.of(target).unhealthy() : SampleRelease.of(target);
        URI nextUrl = next.writeTarGz(releases.resolve("app-" + target + ".tar.gz")).toUri();
        int port = freePort();
        Path topology = writeTopology(dir, haproxy.get(), node.get(), v1, port);
        String frontend = "http://127.0.0.1:" + port + "/";

        LocalDeployment deployment = LocalOpener.toRead(topology, cli.registry(), line -> { }, Map.of()).deployment();
        LocalLifecycle lifecycle = new LocalLifecycle(deployment);
        LoadGenerator traffic = new LoadGenerator(new LoadProfile(URI.create(frontend), rate, slowPercent / 100.0,
                Duration.ofMillis(slowMillis), Duration.ofSeconds(30)));
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread worker = Thread.currentThread();
        Thread onCtrlC = new Thread(() -> {
            worker.interrupt();
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            out.printf("webapp-upgrade demo (%s) in %s%n", scenario, dir);
            out.printf("Installing HAProxy on %s and %d instances of the sample app at 1.0.0 ...%n", frontend, instances);
            long t0 = System.nanoTime();
            lifecycle.install();
            out.printf("Installed in %.1f s. Sending %d requests/s through HAProxy (%d%% take %d ms) ...%n",
                    (System.nanoTime() - t0) / 1e9, rate, slowPercent, slowMillis);
            traffic.start(Duration.ofMinutes(30));
            Thread.sleep(2000);
            out.printf("Rolling upgrade to %s%s:%n", target, bad ? " (a release that never gets healthy)" : "");
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("version", target);
            params.put("url", nextUrl.toString());
            params.put("delay", delay);
            params.put("batch_size", batchSize);
            RolloutRunner.Settings settings = new RolloutRunner.Settings(false, true, cli.tty(), dir.resolve("reports"),
                    dir.resolve("journal"));
            RolloutRunner.Result result = new RolloutRunner(out, cli.err(), cli.clock(), Sleeper.system())
                    .run(deployment, RolloutMode.UPGRADE, params, settings, List.of(), Optional.of(Probe.running(traffic)));
            Thread.sleep(2000);
            LoadReport report = traffic.stop();
            printTraffic(out, report);
            printVersions(out, deployment);
            int code = result.exitCode();
            if (report.failed() > 0) {
                return REQUESTS_FAILED;
            }
            return code;
        } finally {
            traffic.close();
            Thread.interrupted();
            if (keep) {
                out.println("Left running (--keep): stop it with: webapp-upgrade uninstall --local " + topology);
            } else {
                out.println("Stopping HAProxy and the app instances ...");
                lifecycle.uninstall();
            }
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is what let this cleanup finish
            }
        }
    }

    private Path writeTopology(Path dir, Path haproxy, Path node, URI v1, int port) throws IOException {
        String yaml = """
                # Written by 'webapp-upgrade demo': the same topology works with
                #   webapp-upgrade status|rollout|rollback|uninstall --local %1$s
                deployment: demo
                node_templates:
                  haproxy:
                    type: webapp_upgrade.nodes.HAProxy
                    properties:
                      frontend_address: 127.0.0.1
                      frontend_port: %2$d
                      work_dir: %3$s
                      haproxy_binary: %4$s
                      check_interval_ms: 500
                      drain_timeout: 60
                  webapp:
                    type: webapp_upgrade.nodes.WebApp
                    instances: %5$d
                    properties:
                      version: '1.0.0'
                      application_url: %6$s
                      base_dir: %7$s
                      start_command: [%8$s, server.js]
                      start_timeout: 10
                      stop_timeout: 10
                    relationships:
                      - type: webapp_upgrade.relationships.behind_haproxy
                        target: haproxy
                """.formatted(dir.resolve("demo.yaml"), port, dir.resolve("haproxy"), haproxy, instances, v1,
                dir.resolve("apps"), node);
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void printTraffic(PrintStream out, LoadReport report) {
        out.println();
        out.printf("Requests: %d sent, %d failed%n", report.sent(), report.failed());
        report.failures().stream().limit(5).forEach(f -> out.println("  failed: " + f));
        SortedMap<Long, Map<String, Long>> perSecond = report.versionsPerSecond();
        List<String> versions = perSecond.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
        String marks = "#=+o*";
        StringBuilder legend = new StringBuilder("Versions answered, one line a second (");
        for (int i = 0; i < versions.size(); i++) {
            legend.append(i == 0 ? "" : ", ").append(marks.charAt(i % marks.length())).append(' ').append(versions.get(i));
        }
        out.println(legend.append("):"));
        long first = perSecond.isEmpty() ? 0 : perSecond.firstKey();
        perSecond.forEach((second, counts) -> {
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder bar = new StringBuilder();
            StringBuilder figures = new StringBuilder();
            for (int i = 0; i < versions.size(); i++) {
                long n = counts.getOrDefault(versions.get(i), 0L);
                bar.append(String.valueOf(marks.charAt(i % marks.length())).repeat((int) Math.round(40.0 * n / Math.max(1, total))));
                if (n > 0) {
                    figures.append(' ').append(versions.get(i)).append(' ').append(n);
                }
            }
            out.printf("  +%3ds %-41s%s%n", second - first, bar, figures);
        });
    }

    private static void printVersions(PrintStream out, LocalDeployment deployment) {
        out.println("Instances now:");
        for (NodeInstance i : deployment.instances()) {
            if (i.hasOperation(DeploymentOperations.UPGRADE)) {
                out.printf("  %-12s %s%n", i.id(), i.runtimeProperties().get(DeploymentOperations.APP_VERSION));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
