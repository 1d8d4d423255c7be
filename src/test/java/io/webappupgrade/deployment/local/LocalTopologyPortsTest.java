package io.webappupgrade.deployment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixed ports are checked when a topology is read: in range, and never one port for two listeners. */
class LocalTopologyPortsTest {

    @TempDir
    Path dir;

    private LocalTopology read(String lbProperties, String webNodes) throws Exception {
        Path file = dir.resolve("shop.yaml");
        Files.writeString(file, """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {%s}
                %s""".formatted(lbProperties, webNodes.indent(2)));
        return LocalTopology.read(file, PluginTypes.bundled());
    }

    private static String web(String id, int instances, String properties) {
        return """
                %s:
                  type: webapp_upgrade.nodes.WebApp
                  instances: %d
                  properties: {version: '1.0.0', application_url: 'file:///tmp/a.tar.gz'%s}
                """.formatted(id, instances, properties.isEmpty() ? "" : ", " + properties);
    }

    @Test
    void oneNodeWithSeveralInstancesOnOneFixedPortIsRefusedNamingNodeAndPort() {
        assertThatThrownBy(() -> read("frontend_port: 8080", web("web", 2, "port: 8081")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node_templates.web has instances: 2 and the fixed port 8081")
                .hasMessageContaining("port: 0");
    }

    @Test
    void twoNodesOnOneFixedPortAreRefusedNamingBoth() {
        assertThatThrownBy(() -> read("frontend_port: 8080", web("web", 1, "port: 8081") + web("api", 1, "port: 8081")))
                .hasMessageContaining("node_templates.web.properties.port (127.0.0.1:8081)")
                .hasMessageContaining("node_templates.api.properties.port (127.0.0.1:8081)")
                .hasMessageContaining("the same port 8081");
    }

    @Test
    void anAppOnTheFrontendPortIsRefused() {
        assertThatThrownBy(() -> read("frontend_port: 8080", web("web", 1, "port: 8080")))
                .hasMessageContaining("node_templates.lb.properties.frontend_port (0.0.0.0:8080)")
                .hasMessageContaining("node_templates.web.properties.port (127.0.0.1:8080)");
    }

    @Test
    void portsOutOfRangeOrNotNumbersAreRefusedNamingThePropertyAndTheRange() {
        assertThatThrownBy(() -> read("frontend_port: 8080", web("web", 1, "port: 70000")))
                .hasMessageContaining("node_templates.web.properties.port is 70000: expected a port from 0 to 65535");
        assertThatThrownBy(() -> read("frontend_port: 8080", web("web", 1, "port: -1")))
                .hasMessageContaining("node_templates.web.properties.port is -1");
        assertThatThrownBy(() -> read("frontend_port: 8080", web("web", 1, "port: eighty")))
                .hasMessageContaining("node_templates.web.properties.port is 'eighty': expected a whole number");
        assertThatThrownBy(() -> read("frontend_port: 0", web("web", 1, "")))
                .hasMessageContaining("node_templates.lb.properties.frontend_port is 0: expected a port from 1 to 65535");
        assertThatThrownBy(() -> read("frontend_port: 8080, stats_port: 65536", web("web", 1, "")))
                .hasMessageContaining("node_templates.lb.properties.stats_port is 65536");
    }

    @Test
    void freePortsDistinctPortsAndDistinctAddressesAreAccepted() throws Exception {
        LocalTopology t = read("frontend_address: 127.0.0.1, frontend_port: 8080, stats_port: 8090",
                web("web", 4, "port: 0") + web("api", 1, "port: 8081") + web("admin", 1, "port: 8081, address: 127.0.0.2"));
        assertThat(t.nodes()).hasSize(4);
        assertThat(t.lockFile()).isEqualTo(dir.resolve("shop.lock"));
    }
}
