package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The webapp-upgrade-plugin wagon, built by packaging/build-wagon.sh from this build: it passes
 * {@code wagon validate}, installs with {@code wagon install} into a fresh venv that has only
 * cloudify-common 7.0.5, and the example blueprint with the bundle's package_name plugin.yaml (and
 * no jar in the blueprint folder) installs, upgrades through the webapp_upgrade workflow and
 * uninstalls in real local mode run by that venv, which imports the plugin's module.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WagonIT {

    private static final String CLOUDIFY_COMMON = "cloudify-common[dispatcher]==7.0.5";
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
        wagon = work.resolve("wagon/webapp_upgrade_plugin-" + version + "-py3-none-any.wgn");
        assertThat(build.output().strip()).isEqualTo(wagon.toString());
        fresh = work.resolve("fresh-venv");
        story = new ExampleStory(work, fresh);
    }

    @AfterAll
    static void stopEverything() {
        if (story != null) {
            story.close();
        }
    }

    @Test
    @Order(1)
    void theWagonHoldsPackageJsonAndTheLaunchersWheelWithTheJarInside() throws IOException {
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
        assertThat(metadata.path("supported_platform").asText()).isEqualTo("any");
        assertThat(metadata.path("wheels")).hasSize(1);
        assertThat(metadata.path("package_source").asText()).doesNotStartWith("/");
        assertThat(wheelEntries).contains("webapp_upgrade_plugin/tasks.py", "webapp_upgrade_plugin/workflows.py",
                "webapp_upgrade_plugin/workflow_entry.py", "webapp_upgrade_plugin/webapp-upgrade-agent.jar");
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
    }

    @Test
    @Order(4)
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
                .contains(" -jar " + pluginJar() + " webapp.start")
                .doesNotContain("script_runner.tasks.run");
    }

    @Test
    @Order(5)
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
    @Order(6)
    void thePluginsWorkflowUpgradesEveryInstance() {
        CloudifyLocal.Result run = story.upgradeWithTheWorkflow(100, 2);
        assertThat(run.log()).contains("upgraded 2 instance(s) to 2.0.0")
                .contains(" -jar " + pluginJar() + " webapp.upgrade");
    }

    @Test
    @Order(7)
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
