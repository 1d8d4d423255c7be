package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.ctx.Properties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** haproxy.cfg rendered from node properties, checked by HAProxy itself ({@code haproxy -c}). */
class ConfigRendererTest {

    @TempDir
    Path dir;

    private final ConfigRenderer renderer = new ConfigRenderer();

    @Test
    void aRenderedConfigWithServersAndAStatsPageIsAcceptedByHaproxy() throws Exception {
        HaproxySettings s = settings(Map.of("stats_port", 19000, "balance", "leastconn"));
        String cfg = renderer.render(s, List.of(
                BackendServer.enabled("webapp_a1", "127.0.0.1", 18081),
                new BackendServer("webapp_b2", "127.0.0.1", 18082, false)));

        assertThat(cfg)
                .contains("stats socket " + dir.resolve("admin.sock") + " mode 600 level admin")
                .contains("global\n").contains("    noreuseport\n")
                .contains("bind 127.0.0.1:18080")
                .contains("balance leastconn")
                .contains("option httpchk GET /health")
                .contains("server webapp_a1 127.0.0.1:18081 check inter 200ms fastinter 100ms downinter 10ms rise 2 fall 3\n")
                .contains("server webapp_b2 127.0.0.1:18082 check inter 200ms fastinter 100ms downinter 10ms rise 2 fall 3 disabled\n")
                .contains("listen stats\n    bind 127.0.0.1:19000");
        new ConfigInstaller(s.configPath(), new ConfigValidator("haproxy")).install(cfg);
        assertThat(Files.readString(s.configPath())).isEqualTo(cfg);
    }

    @Test
    void withoutChecksOrStatsPageTheConfigIsStillValid() {
        HaproxySettings s = settings(Map.of("health_checks", false));
        String cfg = renderer.render(s, List.of(BackendServer.enabled("a", "127.0.0.1", 18081)));
        assertThat(cfg).doesNotContain("httpchk", "check", "listen stats").contains("server a 127.0.0.1:18081\n");
        new ConfigInstaller(s.configPath(), new ConfigValidator("haproxy")).install(cfg);
    }

    @Test
    void aConfigHaproxyRefusesNeverReplacesTheLiveOne() throws Exception {
        HaproxySettings s = settings(Map.of());
        ConfigInstaller installer = new ConfigInstaller(s.configPath(), new ConfigValidator("haproxy"));
        String good = renderer.render(s, List.of());
        installer.install(good);

        assertThatThrownBy(() -> installer.install(good + "backend broken\n    balance no-such-algorithm\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("haproxy -c refused the config")
                .hasMessageContaining("balance only supports");
        assertThat(Files.readString(s.configPath())).isEqualTo(good);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("haproxy.cfg");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "balance|source|node property 'balance' is 'source': expected one of first, leastconn, random, roundrobin",
        "frontend_port|70000|node property 'frontend_port' is 70000: expected a port from 1 to 65535",
        "frontend_address|my-host|node property 'frontend_address' is 'my-host': expected an IPv4 or IPv6 address",
        "backend_name|web app|node property 'backend_name' is 'web app': expected 1 to 64 letters",
        "health_check_path|/h\"ealth|node property 'health_check_path' is '/h\"ealth': expected empty (TCP checks)",
        "stats_port|18080|node property 'stats_port' is 18080, the same as 'frontend_port'",
        "work_dir|relative/dir|node property 'work_dir' is 'relative/dir': expected an absolute path",
        "timeout_server_ms|0|node property 'timeout_server_ms' is 0: expected more than 0",
        "check_rise|ten|node property 'check_rise' is 'ten': expected a whole number",
        "service_name|haproxy; rm -rf /|node property 'service_name' is 'haproxy; rm -rf /'",
        "drain_timeout|-1|node property 'drain_timeout' is -1.0: expected a number of seconds greater than 0",
        "drain_timeout|0|node property 'drain_timeout' is 0.0: expected a number of seconds greater than 0",
        "up_timeout|-1|node property 'up_timeout' is -1.0: expected 0 or more seconds",
    })
    void aBadPropertyIsRefusedNamingItAndWhatIsAllowed(String key, String value, String message) {
        assertThatThrownBy(() -> settings(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aWholeNumberMayBeWrittenWithADecimalPointAsYamlOrJsonMaySerialiseIt() {
        assertThat(settings(Map.of("check_rise", "2.0")).checkRise()).isEqualTo(2);
        assertThat(settings(Map.of("check_rise", 3.0)).checkRise()).isEqualTo(3);
        assertThatThrownBy(() -> settings(Map.of("check_rise", "2.5")))
                .hasMessageStartingWith("node property 'check_rise' is '2.5': expected a whole number");
        assertThatThrownBy(() -> settings(Map.of("check_rise", 1e12)))
                .hasMessageStartingWith("node property 'check_rise' is '1.0E12': expected a whole number");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        HaproxySettings s = HaproxySettings.fromProperties(new Properties("node property", Map.of()));
        assertThat(s.frontendAddress()).isEqualTo("0.0.0.0");
        assertThat(s.frontendPort()).isEqualTo(8080);
        assertThat(s.backendName()).isEqualTo("webapp");
        assertThat(s.balance()).isEqualTo("roundrobin");
        assertThat(s.healthCheckPath()).isEqualTo("/health");
        assertThat(s.configPath()).isEqualTo(Path.of("/var/lib/webapp-upgrade/haproxy/haproxy.cfg"));
        assertThat(s.runsAsService()).isFalse();
        assertThat(s.frontendUrl()).isEqualTo("http://127.0.0.1:8080/");
        assertThat(s.drainTimeout().toSeconds()).isEqualTo(60);
    }

    private HaproxySettings settings(Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>(Map.of(
                "frontend_address", "127.0.0.1", "frontend_port", 18080, "work_dir", dir.toString(),
                "check_interval_ms", 200));
        p.putAll(overrides);
        return HaproxySettings.fromProperties(new Properties("node property", p));
    }
}
