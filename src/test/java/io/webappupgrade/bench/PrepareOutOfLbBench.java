package io.webappupgrade.bench;

import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalLifecycle;
import io.webappupgrade.deployment.local.LocalTopology;
import io.webappupgrade.deployment.local.PluginTypes;
import io.webappupgrade.rollout.InMemoryRolloutJournal;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The time each instance is out of the load balancer in a 4-instance rolling upgrade under
 * 200 requests/s, with the release fetched inside the upgrade (the order before
 * {@code webapp_upgrade.prepare}: the node's prepare operation hidden from the engine) and
 * fetched by {@code prepare} before the unlink. Releases come over HTTP from a server that takes
 * {@value #FETCH_MILLIS} ms per archive, as a remote artifact store would.
 *
 * <p>Run: {@code scripts/bench.sh prepare [rounds]}.
 */
public final class PrepareOutOfLbBench {

    private static final int INSTANCES = 4;
    private static final int FETCH_MILLIS = 1500;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path work = Files.createTempDirectory("prepare-bench");
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        HttpServer store = slowStore(releases);
        String storeUrl = "http://127.0.0.1:" + store.getAddress().getPort() + "/";
        int port = FreePort.onLoopback();
        Path topologyFile = work.resolve("bench.yaml");
        Files.writeString(topologyFile, """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {frontend_address: 127.0.0.1, frontend_port: %d, work_dir: %s, check_interval_ms: 500}
                  web:
                    type: webapp_upgrade.nodes.WebApp
                    instances: %d
                    properties: {version: '1.0.0', application_url: '%s', base_dir: %s, start_timeout: 10}
                    relationships:
                      - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
                """.formatted(port, work.resolve("haproxy"), INSTANCES, v1, work.resolve("apps")));
        PluginTypes types = PluginTypes.bundled();
        LocalDeployment deployment = new LocalDeployment(LocalTopology.read(topologyFile, types), types,
                AgentOperations.registry("bench"), line -> { });
        LocalLifecycle lifecycle = new LocalLifecycle(deployment);
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        int sent = 0;
        int failed = 0;
        try {
            lifecycle.install();
            int minor = 0;
            for (int round = 1; round <= rounds; round++) {
                for (boolean prepare : List.of(false, true)) {
                    String version = "2." + (++minor) + ".0";
                    SampleRelease.of(version).writeTarGz(releases.resolve("app-" + version + ".tar.gz"));
                    Deployment target = prepare ? deployment : new WithoutPrepare(deployment);
                    try (LoadGenerator traffic = traffic(port)) {
                        traffic.start(Duration.ofMinutes(5));
                        Thread.sleep(1000);
                        RolloutEngine engine = new RolloutEngine(target, new InMemoryRolloutJournal(),
                                RolloutListener.all(), Clock.systemUTC(), Sleeper.system());
                        RolloutSummary s = engine.run(RolloutParameters.forUpgrade(Map.of(
                                "version", version, "url", storeUrl + "app-" + version + ".tar.gz")));
                        if (s.exitCode() != 0) {
                            throw new IllegalStateException("the rollout failed: " + s.message());
                        }
                        List<Double> out = new ArrayList<>();
                        for (InstanceReport i : s.instances()) {
                            out.add(outOfLoadBalancerMillis(i));
                        }
                        (prepare ? after : before).addAll(out);
                        Thread.sleep(1000);
                        LoadReport report = traffic.stop();
                        sent += report.sent();
                        failed += report.failed();
                        System.out.printf("round %d %-15s out of LB per instance (ms): %s; wall %.2f s%n", round,
                                prepare ? "with prepare:" : "fetch in upgrade:", out, s.durationMillis() / 1000.0);
                    }
                }
            }
        } finally {
            lifecycle.uninstall();
            store.stop(0);
        }
        System.out.printf("%nout of the load balancer per instance, %d instances x %d round(s), archive fetch %d ms:%n",
                INSTANCES, rounds, FETCH_MILLIS);
        System.out.printf("  fetch inside upgrade: mean %.0f ms, max %.0f ms%n", mean(before), max(before));
        System.out.printf("  prepare before unlink: mean %.0f ms, max %.0f ms%n", mean(after), max(after));
        System.out.printf("  requests: %d sent, %d failed%n", sent, failed);
    }

    /** From the unlink's start to the establish's end. */
    private static double outOfLoadBalancerMillis(InstanceReport instance) {
        PhaseSpan unlink = instance.phases().stream().filter(p -> p.phase() == Phase.UNLINK).findFirst().orElseThrow();
        PhaseSpan establish = instance.phases().stream().filter(p -> p.phase() == Phase.ESTABLISH)
                .reduce((a, b) -> b).orElseThrow();
        return Duration.between(unlink.startedAt(), establish.endedAt()).toMillis();
    }

    /** Serves the release folder, each archive spread over {@value #FETCH_MILLIS} ms. */
    private static HttpServer slowStore(Path releases) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            Path file = releases.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(releases) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, bytes.length);
            int chunks = 10;
            try (OutputStream out = ex.getResponseBody()) {
                for (int c = 0; c < chunks; c++) {
                    Thread.sleep(FETCH_MILLIS / chunks);
                    int from = bytes.length * c / chunks;
                    out.write(bytes, from, bytes.length * (c + 1) / chunks - from);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }

    private static LoadGenerator traffic(int port) {
        return new LoadGenerator(new LoadProfile(URI.create("http://127.0.0.1:" + port + "/"), 200, 0.05,
                Duration.ofMillis(1000), Duration.ofSeconds(10)));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The same deployment with {@code webapp_upgrade.prepare} hidden: the engine keeps the old order. */
    private record WithoutPrepare(Deployment inner) implements Deployment {

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public List<NodeInstance> instances() {
            return inner.instances().stream().map(i -> {
                Set<String> operations = new HashSet<>(i.operations());
                operations.remove(DeploymentOperations.PREPARE);
                return new NodeInstance(i.id(), i.nodeId(), i.typeHierarchy(), operations, i.relationships(),
                        i.runtimeProperties());
            }).toList();
        }

        @Override
        public Map<String, Object> runtimeProperties(String instanceId) {
            return inner.runtimeProperties(instanceId);
        }

        @Override
        public void runNodeOperation(String instanceId, String operation, Map<String, Object> inputs)
                throws InterruptedException {
            inner.runNodeOperation(instanceId, operation, inputs);
        }

        @Override
        public void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
                String operation, Map<String, Object> inputs) throws InterruptedException {
            inner.runTargetRelationshipOperation(sourceInstanceId, relationship, operation, inputs);
        }

        @Override
        public void publishEvent(String message) {
            inner.publishEvent(message);
        }
    }
}
