package io.webappupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.agent.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The jar's entry point as the script plugin and people call it. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "9.9.9", Optional.empty()).run(args);
    }

    @Test
    void anOperationWithoutCloudifyIsAUsageErrorThatSaysWhy() {
        assertThat(run(Map.of(), "webapp.upgrade")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("webapp.upgrade is an operation for Cloudify's script plugin, which sets CTX_SOCKET_URL");
    }

    @Test
    void versionAndHelpAreThere() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("webapp-upgrade 9.9.9");
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rollout", "rollback", "status", "demo", "report",
                "operations", "Exit codes of an operation");
    }

    @Test
    void operationsListsEveryOperationPluginYamlNames() {
        assertThat(run(Map.of(), "operations")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("webapp.configure", "webapp.upgrade",
                "webapp.rollback", "haproxy.establish", "[relationship]", "haproxy.add_backend", "agent.check");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("frobnicate");
    }
}
