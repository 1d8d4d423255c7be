package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which configs are installed without asking HAProxy again, and which are always checked. */
class ConfigVerdictsTest {

    private static final String TEMPLATE_HEAD = "global\n    stats socket /run/admin.sock mode 600 level admin\n\n"
            + "backend webapp\n    balance roundrobin\n";
    private static final String OPTIONS = " check inter 2000ms fastinter 100ms downinter 10ms rise 2 fall 3";

    @TempDir
    Path dir;

    private final List<String> checked = new ArrayList<>();

    private static String config(String head, String... servers) {
        StringBuilder out = new StringBuilder(head);
        for (String server : servers) {
            out.append("    server ").append(server).append('\n');
        }
        return out.append("\nlisten stats\n    bind 127.0.0.1:9000\n").toString();
    }

    private static String server(String name, String hostPort, boolean enabled) {
        return name + " " + hostPort + OPTIONS + (enabled ? "" : " disabled");
    }

    private ConfigInstaller installer(Optional<String> binary) {
        Path config = dir.resolve("haproxy.cfg");
        ConfigCheck counting = file -> {
            try {
                String text = Files.readString(file);
                if (text.contains("bogus")) {
                    throw new InvalidConfigException("haproxy -c refused the config: unknown keyword 'bogus'");
                }
                checked.add(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        return new ConfigInstaller(config, counting, new ConfigVerdicts(dir.resolve("haproxy.cfg.accepted"), binary));
    }

    @Test
    void aRollingUpgradesDrainsRemovalsAndReAddsAreCheckedOnceNotFourTimesPerInstance() throws IOException {
        ConfigInstaller installer = installer(Optional.of("/usr/sbin/haproxy 123 456"));
        String a = "web_1 127.0.0.1:8001";
        String b = "web_2 127.0.0.1:8002";

        installer.install(config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8001", true), server("web_2", "127.0.0.1:8002", true)));
        // unlink web_1: disabled, then removed; establish: back disabled, then enabled
        installer.install(config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8001", false), server("web_2", "127.0.0.1:8002", true)));
        installer.install(config(TEMPLATE_HEAD, server("web_2", "127.0.0.1:8002", true)));
        installer.install(config(TEMPLATE_HEAD, server("web_2", "127.0.0.1:8002", true), server("web_1", "127.0.0.1:8001", false)));
        installer.install(config(TEMPLATE_HEAD, server("web_2", "127.0.0.1:8002", true), server("web_1", "127.0.0.1:8001", true)));

        assertThat(checked).hasSize(1);
        // every install still lands, checked or not
        assertThat(Files.readString(dir.resolve("haproxy.cfg"))).contains("server " + b).contains("server " + a + OPTIONS + "\n");
    }

    @Test
    void aNewServerLineAnotherTemplateOrAnotherBinaryIsCheckedAgain() {
        ConfigInstaller installer = installer(Optional.of("/usr/sbin/haproxy 123 456"));
        installer.install(config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8001", true)));

        installer.install(config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8001", true), server("web_3", "127.0.0.1:8003", true)));
        assertThat(checked).hasSize(2);
        installer.install(config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8009", true)));
        assertThat(checked).hasSize(3);
        installer.install(config(TEMPLATE_HEAD.replace("roundrobin", "leastconn"), server("web_1", "127.0.0.1:8001", true)));
        assertThat(checked).hasSize(4);
        installer(Optional.of("/usr/sbin/haproxy 999 456")).install(config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8001", true)));
        assertThat(checked).hasSize(5);
    }

    @Test
    void withoutAKnownBinaryHostNamesNoServerOrTheRecordDeletedEveryConfigIsChecked() throws IOException {
        String plain = config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8001", true));
        ConfigInstaller unknownBinary = installer(Optional.empty());
        unknownBinary.install(plain);
        unknownBinary.install(plain);
        assertThat(checked).hasSize(2);

        ConfigInstaller known = installer(Optional.of("/usr/sbin/haproxy 123 456"));
        String named = config(TEMPLATE_HEAD, server("web_1", "app1.internal:8001", true));
        known.install(named);
        known.install(named);
        assertThat(checked).hasSize(4);

        known.install(config(TEMPLATE_HEAD));
        known.install(config(TEMPLATE_HEAD));
        assertThat(checked).hasSize(6);

        known.install(plain);
        Files.delete(dir.resolve("haproxy.cfg.accepted"));
        known.install(plain);
        assertThat(checked).hasSize(8);
    }

    @Test
    void aRefusedConfigIsNotRecordedAndLeavesTheLiveFileAsItWas() throws IOException {
        ConfigInstaller installer = installer(Optional.of("/usr/sbin/haproxy 123 456"));
        String good = config(TEMPLATE_HEAD, server("web_1", "127.0.0.1:8001", true));
        installer.install(good);
        String bad = config(TEMPLATE_HEAD + "    bogus\n", server("web_1", "127.0.0.1:8001", true));

        assertThatThrownBy(() -> installer.install(bad)).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> installer.install(bad)).isInstanceOf(InvalidConfigException.class);

        assertThat(Files.readString(dir.resolve("haproxy.cfg"))).isEqualTo(good);
    }

    @Test
    void onlyIpLiteralsCountAsAddressesAnEarlierVerdictCovers() {
        assertThat(ConfigVerdicts.literalAddress("    server web_1 127.0.0.1:8001 check")).isTrue();
        assertThat(ConfigVerdicts.literalAddress("    server web_1 ::1:8001 check")).isTrue();
        assertThat(ConfigVerdicts.literalAddress("    server web_1 [2001:db8::1]:8001")).isTrue();
        assertThat(ConfigVerdicts.literalAddress("    server web_1 app.example.com:8001")).isFalse();
        assertThat(ConfigVerdicts.literalAddress("    server web_1 300.1.1.1:8001")).isFalse();
        assertThat(ConfigVerdicts.literalAddress("    server web_1")).isFalse();
    }

    @Test
    void theHaproxyOnPathIsIdentifiedByPathSizeAndTimeAndAMissingOneIsNot() throws IOException {
        Path fake = Files.createFile(dir.resolve("haproxy"));
        fake.toFile().setExecutable(true);

        String real = fake.toRealPath().toString();
        assertThat(ConfigVerdicts.identify(fake.toString())).hasValueSatisfying(id ->
                assertThat(id).startsWith(real + " 0 "));
        assertThat(ConfigVerdicts.identify(dir.resolve("missing").toString())).isEmpty();
        assertThat(ConfigVerdicts.identify("no-such-haproxy-binary-anywhere")).isEmpty();
    }
}
