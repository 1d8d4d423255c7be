package io.webappupgrade.deployment.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.agent.AgentOperations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file is checked before a run changes anything: missing, partial or foreign state is refused. */
class LocalStateCheckTest {

    @TempDir
    Path dir;

    private Path topology;
    private Path state;

    @BeforeEach
    void writeTopology() throws Exception {
        topology = dir.resolve("shop.yaml");
        state = dir.resolve("shop.state.json");
        Files.writeString(topology, """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {frontend_port: 18080, work_dir: %s}
                  web:
                    type: webapp_upgrade.nodes.WebApp
                    instances: 2
                    properties: {version: '1.0.0', application_url: 'file:///tmp/a.tar.gz'}
                    relationships:
                      - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
                """.formatted(dir.resolve("haproxy")));
    }

    private LocalStateCheck check() {
        LocalTopology t = LocalTopology.read(topology, PluginTypes.bundled());
        return new LocalStateCheck(new LocalDeployment(t, PluginTypes.bundled(), AgentOperations.registry("test"), e -> { }),
                topology);
    }

    private String app(String id, String state) {
        return """
                "%s": {"state": "%s", "runtimeProperties": {"app_version": "1.0.0", "releases": [{"version": "1.0.0"}],
                  "ip": "127.0.0.1", "port": 18081, "base_dir": "/tmp/apps"}}""".formatted(id, state);
    }

    private String lb(String socket) {
        return """
                "lb_1": {"state": "started", "runtimeProperties": {"config_path": "/x/haproxy.cfg", "stats_socket": "%s"}}"""
                .formatted(socket);
    }

    private void writeState(String... entries) throws Exception {
        Files.writeString(state, "{" + String.join(",\n", entries) + "}");
    }

    @Test
    void aMissingStateFileIsRefusedNamingItAndWhatToDo() {
        assertThatThrownBy(() -> check().requireInstalled())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the state file " + state + " of deployment shop does not exist")
                .hasMessageContaining("nothing was drained")
                .hasMessageContaining("install --local " + topology);
    }

    @Test
    void aCompleteStateOfThisTopologyPasses() throws Exception {
        writeState(lb(dir.resolve("haproxy/admin.sock").toString()), app("web_1", "started"), app("web_2", "started"));
        assertThatCode(() -> check().requireInstalled()).doesNotThrowAnyException();
    }

    @Test
    void anInstanceNotInstalledOrWithoutWhatAnInstallRecordsIsRefused() throws Exception {
        writeState(lb(dir.resolve("haproxy/admin.sock").toString()), app("web_1", "started"),
                "\"web_2\": {\"state\": \"started\", \"runtimeProperties\": {\"app_version\": \"1.0.0\"}}");
        assertThatThrownBy(() -> check().requireInstalled())
                .hasMessageContaining("web_2 lacks the runtime properties [releases, ip, port, base_dir] an install records")
                .hasMessageContaining("Nothing was drained or changed");

        writeState(lb(dir.resolve("haproxy/admin.sock").toString()), app("web_1", "started"), app("web_2", "deleted"));
        assertThatThrownBy(() -> check().requireInstalled()).hasMessageContaining("web_2 is 'deleted', not installed");
    }

    @Test
    void theStateOfAnotherTopologyIsRefused() throws Exception {
        writeState(lb(dir.resolve("haproxy/admin.sock").toString()), app("web_1", "started"), app("web_2", "started"),
                app("api_1", "started"));
        assertThatThrownBy(() -> check().requireSameTopology())
                .hasMessageContaining("records instances [api_1] that topology " + topology + " does not have")
                .hasMessageContaining("Nothing was changed");

        writeState(lb("/elsewhere/admin.sock"), app("web_1", "started"), app("web_2", "started"));
        assertThatThrownBy(() -> check().requireInstalled())
                .hasMessageContaining("lb was installed with the admin socket /elsewhere/admin.sock but this topology names "
                        + dir.resolve("haproxy/admin.sock"));
    }
}
