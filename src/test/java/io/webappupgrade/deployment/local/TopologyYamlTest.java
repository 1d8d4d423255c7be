package io.webappupgrade.deployment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder writes is what the topology reader finds. */
class TopologyYamlTest {

    @TempDir
    Path dir;

    @Test
    void theReaderFindsTheNodesInstancesAndPropertiesPutIn() {
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("frontend_address", "127.0.0.1");
        lb.put("frontend_port", 18080);
        lb.put("work_dir", dir.resolve("it's haproxy"));
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("version", "1.0");
        web.put("application_url", URI.create("file:///tmp/app-1.0.tar.gz"));
        web.put("start_command", List.of("/usr/bin/node", "server.js"));
        web.put("start_timeout", 10);

        Path file = TopologyYaml.deployment("demo").comment("written by a test")
                .haproxy("lb", lb).webapps("web", 3, web, "lb").writeTo(dir.resolve("shop.yaml"));
        LocalTopology topology = LocalTopology.read(file, PluginTypes.bundled());

        assertThat(topology.deployment()).isEqualTo("demo");
        assertThat(topology.node("lb").type()).isEqualTo("webapp_upgrade.nodes.HAProxy");
        assertThat(topology.node("lb").properties()).containsEntry("frontend_address", "127.0.0.1")
                .containsEntry("frontend_port", 18080).containsEntry("work_dir", dir.resolve("it's haproxy").toString());
        LocalTopology.Node webNode = topology.node("web");
        assertThat(webNode.type()).isEqualTo("webapp_upgrade.nodes.WebApp");
        assertThat(webNode.instanceIds()).containsExactly("web_1", "web_2", "web_3");
        assertThat(webNode.properties()).containsEntry("version", "1.0")
                .containsEntry("application_url", "file:///tmp/app-1.0.tar.gz")
                .containsEntry("start_command", List.of("/usr/bin/node", "server.js"))
                .containsEntry("start_timeout", 10);
        assertThat(webNode.relationships()).containsExactly(
                new LocalTopology.Relationship("webapp_upgrade.relationships.behind_haproxy", "lb"));
    }

    @Test
    void withoutADeploymentNameTheFileNamesIt() throws Exception {
        Path file = TopologyYaml.named().haproxy("lb", Map.of("frontend_port", 18081)).writeTo(dir.resolve("bench.yaml"));
        assertThat(LocalTopology.read(file, PluginTypes.bundled()).deployment()).isEqualTo("bench");
        assertThat(Files.readString(file)).doesNotContain("deployment:");
    }

    @Test
    void aValueOfAnotherKindIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> TopologyYaml.named().haproxy("lb", Map.of("limits", Map.of("a", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topology property 'limits' is a mapping"
                        + ": allowed are text, a path, a URL, a number, true/false or a list of them");
    }
}
