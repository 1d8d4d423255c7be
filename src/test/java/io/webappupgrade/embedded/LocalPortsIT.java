package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.net.FreePort;
import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ports are never shared silently: a second deployment's HAProxy on a frontend address another
 * one serves is refused (HAProxy would otherwise split the users between the two), and a
 * topology giving two app instances one fixed port is refused before anything starts.
 */
class LocalPortsIT {

    @TempDir
    Path work;

    private LocalShop first;

    @AfterEach
    void nothingLeft() {
        if (first != null) {
            first.uninstall();
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    @Test
    void aSecondHaproxyOnAFrontendPortInUseIsRefusedAndTheFirstKeepsAllTheTraffic() throws Exception {
        first = LocalShop.install(Files.createDirectories(work.resolve("a")), 1);
        LocalShop second = LocalShop.write(Files.createDirectories(work.resolve("b")), 1, first.frontendPort);

        AgentProcess install = second.run("install");
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isNotZero();
        assertThat(install.output())
                .contains("node property 'frontend_port': 127.0.0.1:" + first.frontendPort + " is already in use")
                .contains("Nothing was started");
        assertThat(work.resolve("b/haproxy/haproxy.cfg")).as("configure refused before writing").doesNotExist();
        assertThat(LeftoverProcesses.under(work.resolve("b"))).as("no HAProxy nor app of b runs").isEmpty();

        LoadReport report = new LoadGenerator(LoadProfile.steady(first.frontend(), 50)).runFor(Duration.ofSeconds(2));
        assertThat(report.sent()).isGreaterThan(50);
        assertThat(report.failures()).as("every request reached deployment a: " + report.summary()).isEmpty();
    }

    @Test
    void twoInstancesOnOneFixedPortAreRefusedWhenTheTopologyIsLoaded() throws Exception {
        int port = FreePort.onLoopback();
        LocalShop shop = LocalShop.write(work, 2, FreePort.onLoopback(), Map.of("port", port));

        for (String command : new String[] {"install", "status", "rollout"}) {
            AgentProcess refused = command.equals("rollout") ? shop.rollout("2.0.0") : shop.run(command);
            assertThat(refused.waitFor(Duration.ofMinutes(1))).as(refused.output()).isEqualTo(2);
            assertThat(refused.output()).contains("node_templates.web has instances: 2 and the fixed port " + port);
        }
        assertThat(shop.stateFile()).as("nothing was installed").doesNotExist();
        assertThat(work.resolve("haproxy")).doesNotExist();

        Files.writeString(shop.topology, Files.readString(shop.topology).replace("port: " + port, "port: 65536"));
        AgentProcess outOfRange = shop.run("install");
        assertThat(outOfRange.waitFor(Duration.ofMinutes(1))).as(outOfRange.output()).isEqualTo(2);
        assertThat(outOfRange.output()).contains("node_templates.web.properties.port is 65536: expected a port from 0 to 65535");
        assertThat(shop.stateFile()).doesNotExist();
    }
}
