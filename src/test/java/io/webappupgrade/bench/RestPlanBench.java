package io.webappupgrade.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.rest.RestDeployment;
import io.webappupgrade.deployment.rest.RestSettings;
import io.webappupgrade.manager.ClientSettings;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.rollout.Planner;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.RolloutPlan;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists and plans a deployment of 10,000 node instances (10 web-app nodes of 1,000 instances
 * behind one HAProxy) read from a stub manager on loopback, pages of 1,000 as a real manager
 * serves them. Prints, per round: wall time of {@code instances()} + planning, requests made and
 * peak heap. Targets: under 2 s and under 256 MB; run it with {@code -Xmx256m} so that the heap
 * target is a hard limit, not only a reading. The stub's own reply bodies (about 10 MB) are in the
 * same heap and counted.
 *
 * <p>Run: {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}
 * then {@code java -Xmx256m -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.webappupgrade.bench.RestPlanBench [instances] [rounds]}.
 */
public final class RestPlanBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int perNode = 1_000;
        try (StubManager manager = new StubManager()) {
            stub(manager, count, perNode);
            ClientSettings settings = ClientSettings.standard().withPageSize(1000);
            try (ManagerClient client = new ManagerClient(manager.connection(), settings)) {
                RestDeployment deployment = new RestDeployment(client, "big", RestSettings.standard(), line -> { });
                RolloutParameters parameters = RolloutParameters.forUpgrade(Map.of("version", "2.0", "url",
                        "https://releases.example.com/app-2.0.tar.gz", "percentage", 50, "batch_size", "10%"));
                System.out.printf("listing and planning %,d node instances (+1 HAProxy), %d rounds, max heap %d MB%n",
                        count, rounds, Runtime.getRuntime().maxMemory() / (1024 * 1024));
                for (int round = 1; round <= rounds; round++) {
                    System.gc();
                    resetPeaks();
                    int before = manager.server().getAllServeEvents().size();
                    long start = System.nanoTime();
                    List<NodeInstance> instances = deployment.instances();
                    RolloutPlan plan = new Planner().plan(instances, parameters);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    int requests = manager.server().getAllServeEvents().size() - before;
                    System.out.printf("round %d: %,d instances, %,d selected in %d batches: %d ms, %d requests, "
                            + "peak heap %d MB%n", round, instances.size(), plan.selected().size(), plan.batches().size(),
                            millis, requests, peakHeapMegabytes());
                }
                System.out.println("targets: under 2000 ms and under 256 MB");
            }
        }
    }

    private static void stub(StubManager manager, int count, int perNode) {
        int nodes = (count + perNode - 1) / perNode;
        List<Map<String, Object>> nodeList = new ArrayList<>();
        nodeList.add(CloudifyReplies.haproxyNode("haproxy", "big"));
        for (int n = 0; n < nodes; n++) {
            nodeList.add(CloudifyReplies.webappNode(String.format("web%02d", n), "big", "haproxy", perNode));
        }
        manager.server().stubFor(get(urlPathEqualTo("/api/v3.1/nodes")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(CloudifyReplies.page(nodeList, 0, 1000))));
        List<Map<String, Object>> instances = new ArrayList<>();
        instances.add(CloudifyReplies.instance("haproxy_1", "haproxy", "big", Map.of("backends", Map.of()), 1));
        for (int i = 0; i < count; i++) {
            String node = String.format("web%02d", i / perNode);
            instances.add(CloudifyReplies.webappInstance(String.format("%s_%06x", node, i), node, "big",
                    i % 3 == 0 ? "2.0" : "1.0", 10_000 + i % 50_000, "haproxy_1", "haproxy", 1));
        }
        for (int offset = 0; offset < instances.size(); offset += 1000) {
            manager.server().stubFor(get(urlPathEqualTo("/api/v3.1/node-instances"))
                    .withQueryParam("_offset", equalTo(String.valueOf(offset)))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(CloudifyReplies.page(instances, offset, 1000))));
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMegabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024 * 1024);
    }
}
