package io.webappupgrade.bench;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalLifecycle;
import io.webappupgrade.deployment.local.LocalTopology;
import io.webappupgrade.deployment.local.PluginTypes;
import io.webappupgrade.deployment.local.TopologyYaml;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.ServerAdminState;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.rollout.InMemoryRolloutJournal;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A 4-instance rolling upgrade under 200 requests/s (5% slow) by the engine, beside the same
 * rolling restart done by a plain script of HAProxy runtime-API commands on the same setup
 * (drain, poll {@code show stat} every 100 ms until idle, maint, restart, ready, poll until UP).
 * Prints wall times, the waits that cannot be avoided (the phases: drain, app stop/start/health,
 * re-add until the health check passes; delays), and the engine's own overhead per instance:
 * wall time minus phases and delays. Targets: overhead under 50 ms per instance, wall time within
 * 10% of the reference, 0 failed requests.
 *
 * <p>Run: {@code scripts/bench.sh rollout [rounds]}.
 */
public final class RolloutOverheadBench {

    private static final int INSTANCES = 4;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path work = Files.createTempDirectory("rollout-bench");
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        int port = FreePort.onLoopback();
        Path topologyFile = work.resolve("bench.yaml");
        TopologyYaml.named()
                .haproxy("lb", Map.of("frontend_address", "127.0.0.1", "frontend_port", port,
                        "work_dir", work.resolve("haproxy"), "check_interval_ms", 500))
                .webapps("web", INSTANCES, Map.of("version", "1.0.0", "application_url", v1,
                        "base_dir", work.resolve("apps"), "start_timeout", 10), "lb")
                .writeTo(topologyFile);
        PluginTypes types = PluginTypes.bundled();
        LocalDeployment deployment = new LocalDeployment(LocalTopology.read(topologyFile, types), types,
                AgentOperations.registry("bench"), line -> { });
        LocalLifecycle lifecycle = new LocalLifecycle(deployment);
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
        List<Double> engineWalls = new ArrayList<>();
        List<Double> referenceWalls = new ArrayList<>();
        List<Double> overheads = new ArrayList<>();
        int failed = 0;
        int sent = 0;
        try {
            lifecycle.install();
            for (int round = 1; round <= rounds; round++) {
                String version = "2.0." + round;
                URI url = SampleRelease.of(version).writeTarGz(releases.resolve("app-" + version + ".tar.gz")).toUri();
                try (LoadGenerator traffic = traffic(port)) {
                    traffic.start(Duration.ofMinutes(5));
                    Thread.sleep(1000);
                    RolloutSummary s = new RolloutEngine(deployment, new InMemoryRolloutJournal(), RolloutListener.all(),
                            Clock.systemUTC(), Sleeper.system())
                            .run(RolloutParameters.forUpgrade(Map.of("version", version, "url", url.toString())));
                    if (s.exitCode() != 0) {
                        throw new IllegalStateException("the rollout failed: " + s.message());
                    }
                    double phases = 0;
                    for (InstanceReport i : s.instances()) {
                        for (PhaseSpan p : i.phases()) {
                            phases += p.durationMillis();
                        }
                    }
                    double delays = s.delays().stream().mapToLong(DelaySpan::durationMillis).sum();
                    engineWalls.add(s.durationMillis() / 1000.0);
                    overheads.add((s.durationMillis() - phases - delays) / INSTANCES);
                    System.out.printf("round %d engine:    wall %.2f s, phases %.2f s, delays %.2f s, overhead %.1f ms/instance%n",
                            round, s.durationMillis() / 1000.0, phases / 1000, delays / 1000,
                            (s.durationMillis() - phases - delays) / INSTANCES);

                    long start = System.nanoTime();
                    for (NodeInstance app : apps(deployment)) {
                        referenceRestart(deployment, haproxy, app.id());
                    }
                    double wall = (System.nanoTime() - start) / 1e9;
                    referenceWalls.add(wall);
                    System.out.printf("round %d reference: wall %.2f s%n", round, wall);
                    Thread.sleep(1000);
                    LoadReport report = traffic.stop();
                    failed += report.failed();
                    sent += report.sent();
                }
            }
        } finally {
            lifecycle.uninstall();
        }
        double engine = median(engineWalls);
        double reference = median(referenceWalls);
        double overhead = median(overheads);
        System.out.printf("%nrolling upgrade of %d instances under 200 req/s (5%% slow, 1 s), %d round(s), medians:%n",
                INSTANCES, rounds);
        System.out.printf("  engine wall %.2f s, reference script wall %.2f s: ratio %.2f (target <= 1.10): %s%n",
                engine, reference, engine / reference, engine / reference <= 1.10 ? "met" : "NOT met");
        System.out.printf("  engine overhead %.1f ms per instance (target < 50 ms): %s%n", overhead,
                overhead < 50 ? "met" : "NOT met");
        System.out.printf("  requests: %d sent, %d failed (target 0): %s%n", sent, failed, failed == 0 ? "met" : "NOT met");
    }

    /** What an operator's script does with the runtime API, around a restart of the app in place. */
    private static void referenceRestart(LocalDeployment deployment, RuntimeApiClient haproxy, String id)
            throws Exception {
        haproxy.setServerState("webapp", id, ServerAdminState.DRAIN);
        while (!haproxy.server("webapp", id).map(StatRow::idle).orElse(true)) {
            Thread.sleep(100);
        }
        haproxy.setServerState("webapp", id, ServerAdminState.MAINT);
        deployment.runNodeOperation(id, "cloudify.interfaces.lifecycle.stop", Map.of());
        deployment.runNodeOperation(id, "cloudify.interfaces.lifecycle.start", Map.of());
        haproxy.setServerState("webapp", id, ServerAdminState.READY);
        while (!haproxy.server("webapp", id).map(r -> r.status().startsWith("UP") && !r.status().contains("going"))
                .orElse(false)) {
            Thread.sleep(100);
        }
    }

    private static List<NodeInstance> apps(LocalDeployment deployment) {
        return deployment.instances().stream().filter(i -> i.hasOperation("webapp_upgrade.upgrade")).toList();
    }

    private static LoadGenerator traffic(int port) {
        return new LoadGenerator(new LoadProfile(URI.create("http://127.0.0.1:" + port + "/"), 200, 0.05,
                Duration.ofMillis(1000), Duration.ofSeconds(10)));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
