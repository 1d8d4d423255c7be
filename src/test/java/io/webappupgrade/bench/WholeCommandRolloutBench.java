package io.webappupgrade.bench;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalTopology;
import io.webappupgrade.deployment.local.PluginTypes;
import io.webappupgrade.deployment.local.TopologyYaml;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.ServerAdminState;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rolling upgrade timed as a user times it: the whole {@code rollout --local} command, a
 * separate {@code java -jar} process from start to exit, beside a plain script of HAProxy
 * runtime-API commands doing the same upgrade (drain, poll {@code show stat} every 100 ms until
 * idle, stop, install, start, wait for the app, {@code state ready}). 200 requests/s, each on a new
 * connection, 5% of them taking 2 s, picked at random (the same ones for each run of a round: evenly
 * spaced ones would line up with HAProxy's round robin); each upgrade is a stop, a 1 s install and a start. The 1 s
 * install is the app's start command sleeping 1 s before the app runs, so both sides pay it alike.
 * Rounds are interleaved (tool at batch size 1 and 2 in the default drain order and batch mode,
 * tool at batch size 1 in the plan's order as the script goes, tool at batch size 2 in lockstep,
 * tool at batch size 1 started with {@code java -jar} instead of the launcher, script), at 4 and at
 * 8 instances; each run is
 * checked for 0 failed requests. The engine's own clock (the report's
 * duration, JVM start-up and exit left out) is printed as a second line. Before the rounds, one
 * rollout through the launcher without load records the launcher's class-data archive, as a user's
 * first run with a new jar does once; its time is printed apart.
 *
 * <p>Run: {@code scripts/bench.sh rollout-command [rounds] [instances] [slow-percent] [seed]}; a slow
 * percentage of 0 shows the overhead alone, without the drains' luck. Each run draws its slow
 * requests anew (the seed is printed; pass it to replay a run's requests).
 */
public final class WholeCommandRolloutBench {

    private static final Pattern UNLINK = Pattern.compile(
            "\"phase\"\\s*:\\s*\"unlink\"[^}]*?\"duration_millis\"\\s*:\\s*(\\d+)");
    private static final Pattern TOOK = Pattern.compile("\"duration_?millis\"\\s*:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Integer> sizes = args.length > 1 ? List.of(Integer.parseInt(args[1])) : List.of(4, 8);
        // 0 leaves the drains near-empty, so the figures show the overhead alone
        double slowShare = args.length > 2 ? Integer.parseInt(args[2]) / 100.0 : 0.05;
        // Which requests are slow decides each drain; a new draw per invocation samples new luck,
        // and the printed seed replays one.
        long seed = args.length > 3 ? Long.parseLong(args[3]) : ThreadLocalRandom.current().nextLong(1_000_000);
        System.out.println("slow requests drawn with seed " + seed + " (+ the round; pass it as the 4th argument to replay)");
        List<String> lines = new ArrayList<>();
        int failedRuns = 0;
        System.out.println("command line: " + Command.describe());
        for (int instances : sizes) {
            Figures f = measure(instances, rounds, slowShare, seed);
            failedRuns += f.runsWithFailures;
            lines.addAll(f.lines());
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.printf("  failed requests: %s%n", failedRuns == 0 ? "0 in every run (target met)"
                : failedRuns + " run(s) with failed requests (target NOT met)");
    }

    private static final class Figures {
        final int instances;
        final double slowShare;
        final long seed;
        final List<Double> batch1 = new ArrayList<>();
        final List<Double> batch2 = new ArrayList<>();
        final List<Double> engine1 = new ArrayList<>();
        final List<Double> engine2 = new ArrayList<>();
        final List<Double> script = new ArrayList<>();
        /** Each run's time less the sum of its drains: what the drains' luck leaves out. */
        final List<Double> beyondBatch1 = new ArrayList<>();
        final List<Double> beyondScript = new ArrayList<>();
        final List<Double> planned1 = new ArrayList<>();
        final List<Double> lockstep2 = new ArrayList<>();
        /** Batch 1 run with {@code java -jar}: no class-data archive, the JVM's default options. */
        final List<Double> plainJar1 = new ArrayList<>();
        final List<Double> beyondPlanned1 = new ArrayList<>();
        /** Each run's sum of drains: where the drain order's gain shows. */
        final List<Double> drains1 = new ArrayList<>();
        final List<Double> drainsPlanned1 = new ArrayList<>();
        final List<Double> drainsScript = new ArrayList<>();
        int runsWithFailures;
        List<String> startup = List.of();
        List<String> firstRun = List.of();
        long sent;

        Figures(int instances, double slowShare, long seed) {
            this.instances = instances;
            this.slowShare = slowShare;
            this.seed = seed;
        }

        List<String> lines() {
            double b1 = median(batch1);
            double b2 = median(batch2);
            double s = median(script);
            double target = instances <= 4 ? 1.10 : 1.05;
            List<String> all = new ArrayList<>(startup);
            all.addAll(List.of(
                    String.format("%d instances, medians of %d interleaved rounds (%d requests sent):", instances,
                            script.size(), sent),
                    String.format("  plain runtime-API script      %6.2f s", s),
                    String.format("  rollout --local, batch 1      %6.2f s  %.2fx the script (target <= %.2f): %s", b1, b1 / s,
                            target, b1 / s <= target ? "met" : "NOT met"),
                    String.format("  rollout --local, batch 2      %6.2f s  %.2fx batch 1 (target <= 0.65): %s", b2, b2 / b1,
                            b2 / b1 <= 0.65 ? "met" : "NOT met"),
                    String.format("  rollout --local, batch 2, batch_mode lockstep %6.2f s  %.2fx batch 1",
                            median(lockstep2), median(lockstep2) / b1),
                    String.format("  engine only (report's clock)  batch 1 %.2f s (%.2fx the script), batch 2 %.2f s",
                            median(engine1), median(engine1) / s, median(engine2)),
                    String.format("  rollout --local, batch 1, drain_order planned (the script's order) %6.2f s  %.2fx"
                            + " the script", median(planned1), median(planned1) / s),
                    String.format("  rollout --local, batch 1, started with java -jar instead of the launcher %6.2f s"
                            + "  %.2fx the script", median(plainJar1), median(plainJar1) / s),
                    String.format("  drains' sum per run: script %.2f s, batch 1 %.2f s, batch 1 planned %.2f s",
                            median(drainsScript), median(drains1), median(drainsPlanned1)),
                    String.format("  beyond the drains (a run's time less its drains' sum): script %.2f s,"
                            + " batch 1 %.2f s (%+.2f s), batch 1 planned %.2f s (%+.2f s)", median(beyondScript),
                            median(beyondBatch1), median(beyondBatch1) - median(beyondScript), median(beyondPlanned1),
                            median(beyondPlanned1) - median(beyondScript))));
            all.addAll(firstRun);
            return all;
        }
    }

    private static Figures measure(int instances, int rounds, double slowShare, long seed) throws Exception {
        Figures figures = new Figures(instances, slowShare, seed);
        Path work = Files.createTempDirectory("rollout-command-bench");
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        int port = FreePort.onLoopback();
        Path topology = work.resolve("bench.yaml");
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("version", "1.0.0");
        app.put("application_url", v1);
        app.put("base_dir", work.resolve("apps"));
        app.put("start_timeout", 10);
        app.put("start_command", List.of("sh", "-c", "sleep 1; exec node server.js"));
        TopologyYaml.named()
                .haproxy("lb", Map.of("frontend_address", "127.0.0.1", "frontend_port", port,
                        "work_dir", work.resolve("haproxy")))
                .webapps("web", instances, app, "lb")
                .writeTo(topology);
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
        command(work, new ArrayList<>(), "install", "--local", topology.toString());
        try {
            if (instances == 4) {
                figures.startup = StartupTimes.measure(topology);
            }
            figures.firstRun = firstLauncherRollout(work, topology, releases);
            int version = 0;
            for (int round = 1; round <= rounds; round++) {
                // batch 1 and 2 in the default drain order, then batch 1 in the plan's order (the
                // script's order: what the command costs beyond the script, without the order's gain),
                // then batch 2 in lockstep (what the rolling default gains), then batch 1 started with
                // java -jar (what the launcher's class-data archive and JVM options gain)
                for (int variant = 1; variant <= 5; variant++) {
                    String v = "2." + (++version) + ".0";
                    URI url = SampleRelease.of(v).writeTarGz(releases.resolve("app-" + v + ".tar.gz")).toUri();
                    int batch = variant == 2 || variant == 4 ? 2 : 1;
                    String order = variant == 3 ? "planned" : "fewest_sessions";
                    String mode = variant == 4 ? "lockstep" : "rolling";
                    List<Long> drained = new ArrayList<>();
                    boolean launcher = variant != 5;
                    Run run = underLoad(port, round, figures, () -> command(launcher, work, drained, "rollout", "--local",
                            topology.toString(), "--version", v, "--url", url.toString(), "--batch-size",
                            String.valueOf(batch), "--drain-order", order, "--batch-mode", mode,
                            "--reports-dir", work.resolve("reports").toString()));
                    switch (variant) {
                        case 1 -> {
                            figures.batch1.add(run.seconds);
                            figures.beyondBatch1.add(run.seconds - seconds(drained));
                            figures.engine1.add(run.engineSeconds);
                            figures.drains1.add(seconds(drained));
                        }
                        case 2 -> {
                            figures.batch2.add(run.seconds);
                            figures.engine2.add(run.engineSeconds);
                        }
                        case 4 -> figures.lockstep2.add(run.seconds);
                        case 5 -> figures.plainJar1.add(run.seconds);
                        default -> {
                            figures.planned1.add(run.seconds);
                            figures.beyondPlanned1.add(run.seconds - seconds(drained));
                            figures.drainsPlanned1.add(seconds(drained));
                        }
                    }
                    System.out.printf("%d instances, round %d, rollout --local batch %d, drain order %s, %s%s: %.2f s"
                            + " (engine %.2f s), %s%n", instances, round, batch, order, mode,
                            launcher ? "" : ", java -jar", run.seconds, run.engineSeconds, run.traffic);
                }
                List<Long> drains = new ArrayList<>();
                Run run = underLoad(port, round, figures, () -> {
                    plainScript(topology, haproxy, drains);
                    return Double.NaN;
                });
                figures.script.add(run.seconds);
                figures.beyondScript.add(run.seconds - seconds(drains));
                figures.drainsScript.add(seconds(drains));
                System.out.printf("%d instances, round %d, plain script: %.2f s, %s; drains %s ms%n", instances, round,
                        run.seconds, run.traffic, drains);
            }
        } finally {
            command(work, new ArrayList<>(), "uninstall", "--local", topology.toString());
        }
        return figures;
    }

    /**
     * One rollout through the launcher before the timed rounds, without load: a user's first run with
     * a new jar records the class-data archive at exit, once; the rounds time the runs after it.
     * Returns what it printed, or nothing without the launcher.
     */
    private static List<String> firstLauncherRollout(Path work, Path topology, Path releases) throws Exception {
        if (!Command.launcherNamed()) {
            return List.of();
        }
        String v = "1.1.0";
        URI url = SampleRelease.of(v).writeTarGz(releases.resolve("app-" + v + ".tar.gz")).toUri();
        long start = System.nanoTime();
        double engine = command(true, work, new ArrayList<>(), "rollout", "--local", topology.toString(), "--version", v,
                "--url", url.toString(), "--reports-dir", work.resolve("reports").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        return List.of(String.format("  the first run through the launcher (no load, not in the rounds: records the"
                + " class-data archive if this jar has none yet) %.2f s, %.2f s of it outside the engine's clock",
                seconds, seconds - engine));
    }

    private record Run(double seconds, double engineSeconds, String traffic) { }

    private interface Timed {
        /** Does the work; returns the engine's own seconds, or NaN. */
        double run() throws Exception;
    }

    /** Runs {@code work} under the load; the runs of one round get the same slow requests (seeded by the round). */
    private static Run underLoad(int port, int round, Figures figures, Timed work) throws Exception {
        try (LoadGenerator traffic = new LoadGenerator(new LoadProfile(URI.create("http://127.0.0.1:" + port + "/"),
                200, figures.slowShare, Duration.ofSeconds(2), Duration.ofSeconds(10)).withRandomSlow(figures.seed + round))) {
            traffic.start(Duration.ofMinutes(5));
            Thread.sleep(1000);
            long start = System.nanoTime();
            double engine = work.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(2500);
            LoadReport report = traffic.stop();
            figures.sent += report.sent();
            if (report.failed() > 0) {
                figures.runsWithFailures++;
            }
            return new Run(seconds, engine, report.failed() + " of " + report.sent() + " requests failed");
        }
    }

    /**
     * Runs the command line as a user does, to the end: {@code java -jar}, or the bundle's launcher
     * when {@code -Dbench.launcher} names it. Returns the engine's own seconds from the report, and
     * adds its unlink phases' durations to {@code drains}.
     */
    private static double command(Path work, List<Long> drains, String... args) throws Exception {
        return command(Command.launcherNamed(), work, drains, args);
    }

    /** As above, through the launcher or with {@code java -jar}. */
    private static double command(boolean launcher, Path work, List<Long> drains, String... args) throws Exception {
        Command.Result r = Command.run(launcher, args);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + r.exit() + ":\n" + r.output());
        }
        return "rollout".equals(args[0]) ? engineSeconds(r.output(), drains) : Double.NaN;
    }

    private static double engineSeconds(String output, List<Long> drains) throws Exception {
        Matcher path = Pattern.compile("Report: (\\S+\\.html)").matcher(output);
        if (path.find()) {
            Path json = Path.of(path.group(1).replaceAll("\\.html$", ".json"));
            if (Files.isRegularFile(json)) {
                String text = Files.readString(json);
                Matcher unlink = UNLINK.matcher(text);
                while (unlink.find()) {
                    drains.add(Long.parseLong(unlink.group(1)));
                }
                System.out.printf("  rollout --local drains (unlink phases) %s ms%n", drains);
                Matcher took = TOOK.matcher(text);
                if (took.find()) {
                    return Long.parseLong(took.group(1)) / 1000.0;
                }
            }
        }
        return Double.NaN;
    }

    /**
     * What an operator's script does, one instance after the other: drain, poll {@code show stat}
     * every 100 ms until idle, stop, install and start (the start command's 1 s), poll the app
     * every 10 ms, then {@code state ready}.
     */
    private static void plainScript(Path topology, RuntimeApiClient haproxy, List<Long> drains) throws Exception {
        PluginTypes types = PluginTypes.bundled();
        LocalDeployment deployment = new LocalDeployment(LocalTopology.read(topology, types), types,
                AgentOperations.registry("bench"), line -> { });
        for (NodeInstance app : deployment.instances().stream()
                .filter(i -> i.hasOperation("webapp_upgrade.upgrade")).toList()) {
            String id = app.id();
            long drainStart = System.nanoTime();
            haproxy.setServerState("webapp", id, ServerAdminState.DRAIN);
            while (!haproxy.server("webapp", id).map(StatRow::idle).orElse(true)) {
                Thread.sleep(100);
            }
            drains.add((System.nanoTime() - drainStart) / 1_000_000);
            haproxy.setServerState("webapp", id, ServerAdminState.MAINT);
            deployment.runNodeOperation(id, "cloudify.interfaces.lifecycle.stop", Map.of());
            deployment.runNodeOperation(id, "cloudify.interfaces.lifecycle.start", Map.of());
            haproxy.setServerState("webapp", id, ServerAdminState.READY);
        }
    }

    private static double seconds(List<Long> millis) {
        return millis.stream().mapToLong(Long::longValue).sum() / 1000.0;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
