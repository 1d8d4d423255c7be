package io.webappupgrade.cli;

import io.webappupgrade.deployment.local.TopologyYaml;
import io.webappupgrade.net.FreePort;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's topology file (demo.yaml): HAProxy on a free loopback port, the app instances behind it. */
record DemoTopology(Path file, int frontendPort) {

    static DemoTopology write(Path dir, DemoPrerequisites programs, URI firstRelease, int instances) throws IOException {
        int port = FreePort.onLoopback();
        Path file = dir.resolve("demo.yaml");
        Map<String, Object> haproxy = new LinkedHashMap<>();
        haproxy.put("frontend_address", "127.0.0.1");
        haproxy.put("frontend_port", port);
        haproxy.put("work_dir", dir.resolve("haproxy"));
        haproxy.put("haproxy_binary", programs.haproxy());
        haproxy.put("check_interval_ms", 500);
        haproxy.put("drain_timeout", 60);
        Map<String, Object> webapp = new LinkedHashMap<>();
        webapp.put("version", "1.0.0");
        webapp.put("application_url", firstRelease);
        webapp.put("base_dir", dir.resolve("apps"));
        webapp.put("start_command", List.of(programs.node(), "server.js"));
        webapp.put("start_timeout", 10);
        webapp.put("stop_timeout", 10);
        TopologyYaml.deployment("demo")
                .comment("Written by 'webapp-upgrade demo': the same topology works with")
                .comment("  webapp-upgrade status|rollout|rollback|uninstall --local " + file)
                .haproxy("haproxy", haproxy)
                .webapps("webapp", instances, webapp, "haproxy")
                .writeTo(file);
        return new DemoTopology(file, port);
    }

    String frontendUrl() {
        return "http://127.0.0.1:" + frontendPort + "/";
    }
}
