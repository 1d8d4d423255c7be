package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The wagon's plugin.yaml, as the release build generates it from plugin.yaml and
 * packaging/wagon/plugin-header.yaml, against plugin.yaml: the same types, properties, operations,
 * inputs, relationships, workflows and parameters. Only the {@code plugins:} entry and the
 * implementations differ: an operation names the launcher instead of the jar, and the agent
 * operation moves from {@code process.args} to the {@code agent_operation} input; a workflow maps
 * to the launcher's function of the same name instead of the script.
 */
class WagonPluginYamlTest {

    private static final String JAR = "webapp-upgrade/webapp-upgrade-agent.jar";
    private static final String RUN = "webapp_upgrade.webapp_upgrade_plugin.tasks.run";
    private static final String SCRIPT_WORKFLOW = "webapp-upgrade/webapp_upgrade_workflow.py";
    private static final String PLUGIN_WORKFLOWS = "webapp_upgrade.webapp_upgrade_plugin.workflows.";

    private static final Path PLUGIN_YAML = TestEnvironment.projectRoot().resolve("plugin.yaml");
    private static final Path WAGON_HEADER = TestEnvironment.projectRoot().resolve("packaging/wagon/plugin-header.yaml");

    private final String generated = WagonPluginYaml.from(read(PLUGIN_YAML), read(WAGON_HEADER));
    private final Map<String, Object> scriptPlugin = load(read(PLUGIN_YAML));
    private final Map<String, Object> wagonPlugin = load(generated);

    @Test
    void theVariantDeclaresThePluginByPackageNameAndVersionForTheManagersWorkers() {
        assertThat(scriptPlugin).doesNotContainKey("plugins");
        assertThat(wagonPlugin.get("plugins")).isEqualTo(Map.of("webapp_upgrade", Map.of(
                "executor", "central_deployment_agent",
                "package_name", "webapp-upgrade-plugin",
                "package_version", BundleLayout.VERSION_TOKEN)));
        List<String> sections = new ArrayList<>(scriptPlugin.keySet());
        sections.add("plugins");
        assertThat(wagonPlugin.keySet()).containsExactlyInAnyOrderElementsOf(sections);
    }

    @Test
    void nodeTypesAndRelationshipsMatchOperationByOperation() {
        for (String section : List.of("node_types", "relationships", "data_types")) {
            Map<String, Object> script = map(scriptPlugin.getOrDefault(section, Map.of()));
            Map<String, Object> wagon = map(wagonPlugin.getOrDefault(section, Map.of()));
            assertThat(wagon.keySet()).as(section).containsExactlyInAnyOrderElementsOf(script.keySet());
            for (String type : script.keySet()) {
                assertThat(canonical(wagon.get(type), false, section + "." + type))
                        .as("%s %s in the wagon's plugin.yaml against plugin.yaml", section, type)
                        .isEqualTo(canonical(script.get(type), true, section + "." + type));
            }
        }
    }

    @Test
    void workflowsHaveTheSameParametersAndMapToTheLaunchersFunctions() throws IOException {
        Map<String, Object> script = map(scriptPlugin.get("workflows"));
        Map<String, Object> wagon = map(wagonPlugin.get("workflows"));
        assertThat(wagon.keySet()).containsExactlyInAnyOrderElementsOf(script.keySet());
        String launcher = Files.readString(TestEnvironment.projectRoot()
                .resolve("packaging/wagon/webapp_upgrade_plugin/workflows.py"));
        for (String name : script.keySet()) {
            Map<String, Object> s = map(script.get(name));
            Map<String, Object> w = map(wagon.get(name));
            assertThat(s.get("mapping")).as(name).isEqualTo(SCRIPT_WORKFLOW);
            assertThat(w.get("mapping")).as(name).isEqualTo(PLUGIN_WORKFLOWS + name);
            assertThat(launcher).as("workflows.py").contains("def " + name + "(ctx, **parameters):");
            assertThat(w.get("parameters")).as("parameters of %s", name).isEqualTo(s.get("parameters"));
            assertThat(without(w, "mapping")).as(name).isEqualTo(without(s, "mapping"));
        }
    }

    @Test
    void theGeneratedFileStartsWithTheWagonsHeaderAndKeepsEveryCommentOfPluginYamlFromTheTypesOn() {
        String header = read(WAGON_HEADER);
        assertThat(generated).startsWith(header + "dsl_definitions:\n");
        String pluginYaml = read(PLUGIN_YAML);
        List<String> comments = pluginYaml.substring(pluginYaml.indexOf("\nnode_types:")).lines()
                .filter(l -> l.stripLeading().startsWith("#")).toList();
        assertThat(comments).hasSizeGreaterThan(10);
        List<String> generatedLines = generated.substring(generated.indexOf("\nnode_types:")).lines().toList();
        assertThat(generatedLines).containsSubsequence(comments);
        assertThat(generated).doesNotContain("agent_jar", "args: [", "webapp_upgrade_workflow.py");
    }

    @Test
    void anOperationWithoutItsAgentOperationIsRefusedNamingTheLine() {
        String pluginYaml = read(PLUGIN_YAML);
        String configure = "            process: {default: {command_prefix: *agent_command, args: [webapp.configure]}}\n";
        assertThat(pluginYaml).contains(configure);
        int line = lineOf(pluginYaml, configure);

        assertThatThrownBy(() -> WagonPluginYaml.from(pluginYaml.replace(configure,
                "            process: {default: {command_prefix: *agent_command}}\n"), read(WAGON_HEADER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("plugin.yaml line " + line + " 'process: {default: {command_prefix: *agent_command}}'")
                .hasMessageContaining("args: [<agent operation>]");
        assertThatThrownBy(() -> WagonPluginYaml.from(pluginYaml.replace(configure, ""), read(WAGON_HEADER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("plugin.yaml line " + (line - 2) + " 'implementation: *agent_jar'")
                .hasMessageContaining("args: [<agent operation>]");
    }

    @Test
    void aWorkflowMappedElsewhereAndAMissingJarAnchorAreRefused() {
        String pluginYaml = read(PLUGIN_YAML);
        String mapping = "    mapping: webapp-upgrade/webapp_upgrade_workflow.py\n";
        int line = lineOf(pluginYaml, mapping);

        assertThatThrownBy(() -> WagonPluginYaml.from(pluginYaml.replaceFirst(
                "    mapping: webapp-upgrade/webapp_upgrade_workflow.py\n", "    mapping: other/workflow.py\n"), read(WAGON_HEADER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("plugin.yaml line " + line + " 'mapping: other/workflow.py'");
        assertThatThrownBy(() -> WagonPluginYaml.from(pluginYaml.replace(
                "  agent_jar: &agent_jar webapp-upgrade/webapp-upgrade-agent.jar\n", ""), read(WAGON_HEADER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("agent_jar: &agent_jar <path>");
    }

    /** The 1-based number of the line where {@code text} starts in {@code yaml}. */
    private static int lineOf(String yaml, String text) {
        return (int) yaml.substring(0, yaml.indexOf(text)).chars().filter(c -> c == '\n').count() + 1;
    }

    /**
     * The type with each operation's implementation taken out and, on the script side, the agent
     * operation moved from {@code process.args} into an {@code agent_operation} input, as the
     * variant writes it.
     */
    @SuppressWarnings("unchecked")
    private static Object canonical(Object node, boolean scriptSide, String where) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, canonical(v, scriptSide, where + "." + k)));
            if (out.containsKey("implementation")) {
                Object implementation = out.remove("implementation");
                assertThat(implementation).as("implementation of %s", where).isEqualTo(scriptSide ? JAR : RUN);
                if (scriptSide) {
                    moveAgentOperation(out, where);
                }
            }
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> canonical(v, scriptSide, where)).toList();
        }
        return node;
    }

    private static void moveAgentOperation(Map<String, Object> operation, String where) {
        Map<String, Object> inputs = new TreeMap<>(map(operation.get("inputs")));
        Map<String, Object> process = new TreeMap<>(map(inputs.get("process")));
        Map<String, Object> defaults = new TreeMap<>(map(process.get("default")));
        Object args = defaults.remove("args");
        assertThat(args).as("process.args of %s: one agent operation", where).isInstanceOf(List.class)
                .asList().hasSize(1);
        process.put("default", defaults);
        inputs.put("process", process);
        inputs.put("agent_operation", Map.of("default", ((List<?>) args).get(0)));
        operation.put("inputs", inputs);
    }

    private static Map<String, Object> without(Map<String, Object> m, String key) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.remove(key);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> load(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(500);
        return new Yaml(options).load(yaml);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("could not read " + file, e);
        }
    }
}
