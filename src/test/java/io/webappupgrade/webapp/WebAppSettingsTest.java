package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.Properties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WebAppSettingsTest {

    private static final Path HOME = Path.of("/home/app/webapp-upgrade");

    private static WebAppSettings read(Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", "1.0.0");
        p.put("application_url", "https://example.com/app-1.0.0.tgz");
        p.putAll(extra);
        return WebAppSettings.from(new Properties("node property", p), HOME);
    }

    @Test
    void appliesTheDocumentedDefaults() {
        WebAppSettings s = read(Map.of());

        assertThat(s.port()).isZero();
        assertThat(s.address()).isEqualTo("127.0.0.1");
        assertThat(s.startCommand().arguments()).containsExactly("node", "server.js");
        assertThat(s.healthPath()).isEqualTo("/health");
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.baseDir()).isEqualTo(HOME);
        assertThat(s.keepReleases()).isEqualTo(3);
        assertThat(s.maxArchiveBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(s.stripComponents()).isZero();
        assertThat(s.sha256()).isEmpty();
        assertThat(s.env()).isEmpty();
        assertThat(s.fetchTimeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void readsGivenValues() {
        WebAppSettings s = read(Map.of("port", "8081", "start_command", List.of("java", "-jar", "app.jar"),
                "env", Map.of("NODE_ENV", "production"), "start_timeout", 2.5, "keep_releases", 0,
                "fetch_timeout", 45));

        assertThat(s.port()).isEqualTo(8081);
        assertThat(s.startCommand().arguments()).containsExactly("java", "-jar", "app.jar");
        assertThat(s.env()).containsEntry("NODE_ENV", "production");
        assertThat(s.startTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.keepReleases()).isZero();
        assertThat(s.fetchTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.source("http://h/r.tgz", java.util.Optional.empty()).deadline()).isEqualTo(Duration.ofSeconds(45));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "version|one|node property 'version': 'one' is not a version",
        "port|70000|node property 'port' is 70000: expected 1 to 65535, or 0 to pick a free port",
        "port|-1|node property 'port' is -1: expected 1 to 65535, or 0 to pick a free port",
        "fetch_timeout|0|node property 'fetch_timeout' is 0.0: expected a number of seconds above 0 and at most 86400",
        "fetch_timeout|never|node property 'fetch_timeout' is 'never'",
        "port|eighty|node property 'port' is 'eighty': expected a whole number",
        "address|app.example.com|node property 'address' is 'app.example.com': expected an IP address",
        "health_path|health|node property 'health_path' is 'health': expected a path starting with /",
        "start_timeout|0|node property 'start_timeout' is 0.0: expected a number of seconds above 0",
        "stop_timeout|-1|node property 'stop_timeout' is -1.0: expected a number of seconds above 0",
        "base_dir|relative/dir|node property 'base_dir' is 'relative/dir': expected an absolute path",
        "keep_releases|-1|node property 'keep_releases' is -1: expected 0 or more",
        "max_archive_mb|0|node property 'max_archive_mb' is 0: expected 1 or more",
        "strip_components|-2|node property 'strip_components' is -2: expected 0 or more",
    })
    void refusesBadValuesNamingThePropertyAndWhatIsAllowed(String key, String value, String message) {
        assertThatThrownBy(() -> read(Map.of(key, value)))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining(message);
    }

    @Test
    void refusesMissingRequiredProperties() {
        assertThatThrownBy(() -> WebAppSettings.from(new Properties("node property", Map.of("version", "1.0")), HOME))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("node property 'application_url' is required");
    }

    @Test
    void refusesAnEnvThatRedefinesWhatTheAgentSets() {
        assertThatThrownBy(() -> read(Map.of("env", Map.of("PORT", "1"))))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("node property 'env' sets PORT");
        assertThatThrownBy(() -> read(Map.of("env", Map.of("BAD-NAME", "1"))))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("node property 'env' has the name 'BAD-NAME'");
    }
}
