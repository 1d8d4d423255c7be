package io.webappupgrade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.testing.CloudifyLocal;
import io.webappupgrade.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Per-operation wall time under Cloudify's real script plugin in local mode: the agent's
 * {@code agent.check} (8 ctx calls) beside a bash script making the same 8 calls through the
 * {@code ctx} command, and a script that does nothing. Prints medians and the target:
 * the agent's time above the floor at most half of bash's.
 *
 * <p>Run: {@code scripts/bench.sh agent-startup [rounds] [java command prefix]}.
 */
public final class AgentStartupBench {

    /** The JVM flags plugin.yaml gives the agent (keep in step with plugin.yaml's command_prefix). */
    static final String PLUGIN_JAVA_PREFIX =
            "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -jar";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String prefix = args.length > 1 ? args[1] : PLUGIN_JAVA_PREFIX;
        Path work = Files.createTempDirectory("agent-startup-bench");
        Path blueprint = work.resolve("blueprint");
        Files.createDirectories(blueprint);
        try (Stream<Path> files = Files.list(TestEnvironment.projectRoot().resolve("src/test/resources/bench-startup"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, blueprint.resolve(f.getFileName().toString()));
            }
        }
        Files.copy(TestEnvironment.agentJar(), blueprint.resolve("agent.jar"), StandardCopyOption.REPLACE_EXISTING);
        CloudifyLocal cfy = new CloudifyLocal(work.resolve("storage"), "bench", Map.of());
        check(cfy.init(blueprint.resolve("blueprint.yaml"), Map.of("java_prefix", prefix)));
        Path out = work.resolve("timings.json");
        check(cfy.execute("bench", Map.of("rounds", rounds, "out", out.toString()), 0));
        JsonNode t = new ObjectMapper().readTree(out.toFile());
        double floor = median(t.path("noop"));
        double bash = median(t.path("bash"));
        double agent = median(t.path("agent"));
        System.out.printf("agent start-up benchmark (%d rounds, medians, script plugin in local mode)%n", rounds);
        System.out.printf("  java prefix: %s%n", prefix);
        System.out.printf("  no-op script (floor):   %.3f s%n", floor);
        System.out.printf("  bash + ctx, 8 calls:    %.3f s  (%.3f s above floor)%n", bash, bash - floor);
        System.out.printf("  agent jar, 8 calls:     %.3f s  (%.3f s above floor)%n", agent, agent - floor);
        double ratio = (agent - floor) / (bash - floor);
        System.out.printf("  agent/bash above floor: %.2f (target <= 0.50): %s%n", ratio, ratio <= 0.5 ? "met" : "NOT met");
    }

    private static void check(CloudifyLocal.Result result) {
        if (!result.ok()) {
            throw new IllegalStateException("local mode failed: " + result.json() + "\n" + result.log());
        }
    }

    private static double median(JsonNode values) {
        List<Double> list = new ArrayList<>();
        values.forEach(v -> list.add(v.asDouble()));
        Collections.sort(list);
        return list.get(list.size() / 2);
    }
}
