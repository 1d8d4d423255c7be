package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.net.FreePort;
import io.webappupgrade.wait.Poll;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime API client against a real HAProxy (a few milliseconds to start): replies and refusals. */
class RuntimeApiClientTest {

    @TempDir
    Path dir;

    private Process haproxy;
    private RuntimeApiClient admin;
    private RuntimeApiClient user;

    @BeforeEach
    void startHaproxy() throws Exception {
        int port = FreePort.onLoopback();
        Path cfg = dir.resolve("h.cfg");
        Files.writeString(cfg, String.join("\n",
                "global",
                "    stats socket " + dir.resolve("admin.sock") + " mode 600 level admin",
                "    stats socket " + dir.resolve("user.sock") + " mode 600 level user",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    default_backend be",
                "backend be",
                "    balance roundrobin",
                "    server s1 127.0.0.1:" + FreePort.onLoopback(),
                ""));
        // in the foreground (no -D): this test's own child, stopped in tearDown
        haproxy = new ProcessBuilder("haproxy", "-f", cfg.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("log").toFile()).redirectErrorStream(true).start();
        admin = new RuntimeApiClient(dir.resolve("admin.sock"));
        user = new RuntimeApiClient(dir.resolve("user.sock"));
        Poll.upTo(Duration.ofSeconds(10), Duration.ofMillis(50)).orFail(admin::answers, () -> "HAProxy did not start");
    }

    @AfterEach
    void stopHaproxy() throws Exception {
        haproxy.destroy();
        if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
            haproxy.destroyForcibly().waitFor();
        }
    }

    @Test
    void addsEnablesDrainsAndDeletesADynamicServer() {
        admin.addServer("be", "web_2", "127.0.0.1", 18082, List.of());
        assertThat(admin.server("be", "web_2")).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo("MAINT");
            assertThat(r.address()).isEqualTo("127.0.0.1:18082");
        });
        admin.setServerState("be", "web_2", ServerAdminState.DRAIN);
        assertThat(admin.showServersState("be")).filteredOn(r -> r.name().equals("web_2"))
                .singleElement().satisfies(r -> assertThat(r.draining()).isTrue());
        admin.setServerState("be", "web_2", ServerAdminState.MAINT);
        admin.deleteServer("be", "web_2");
        assertThat(admin.showStat("be")).extracting(StatRow::name).containsExactly("s1");
    }

    @Test
    void aServerAddedWithItsHealthChecksIsCheckedDownInterAfterTheAddNotAWholeInterval() throws Exception {
        try (ServerSocket app = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> options = List.of("check", "inter", "30000ms", "downinter", "10ms", "rise", "1", "fall", "1");
            long start = System.nanoTime();
            admin.addServerWithHealth("be", "web_2", "127.0.0.1", app.getLocalPort(), options);
            // the caller is slow to look (a busy host): the check has been scheduled by then, not postponed
            Thread.sleep(50);
            Poll.upTo(Duration.ofSeconds(5), Duration.ofMillis(2))
                    .orFail(() -> admin.server("be", "web_2").map(StatRow::checkPassed).orElse(false),
                            () -> "no passing check within 5 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(admin.server("be", "web_2")).get().extracting(StatRow::status).isEqualTo("MAINT");
        }
        assertThatThrownBy(() -> admin.addServerWithHealth("be", "s1", "127.0.0.1", 1, List.of("check")))
                .hasMessageStartingWith("HAProxy refused 'add server be/s1 127.0.0.1:1 check; enable health be/s1':"
                        + " Already exists a server with the same name in backend.");
    }

    @Test
    void anUnknownServerIsRefusedNamingTheCommand() {
        assertThatThrownBy(() -> admin.setServerState("be", "nope", ServerAdminState.DRAIN))
                .isInstanceOf(RuntimeApiException.class)
                .hasMessage("HAProxy refused 'set server be/nope state drain': No such server.")
                .extracting(e -> ((RuntimeApiException) e).command()).isEqualTo("set server be/nope state drain");
        assertThatThrownBy(() -> admin.deleteServer("nobe", "s1"))
                .hasMessage("HAProxy refused 'del server nobe/s1': No such backend.");
    }

    @Test
    void deletingAServerThatIsNotInMaintenanceIsRefused() {
        assertThatThrownBy(() -> admin.deleteServer("be", "s1"))
                .hasMessage("HAProxy refused 'del server be/s1': Only servers in maintenance mode can be deleted.");
    }

    @Test
    void addingAServerNameTwiceIsRefused() {
        assertThatThrownBy(() -> admin.addServer("be", "s1", "127.0.0.1", 1, List.of()))
                .hasMessage("HAProxy refused 'add server be/s1 127.0.0.1:1': Already exists a server with the same name in backend.");
    }

    @Test
    void anUnknownCommandIsRefused() {
        assertThatThrownBy(() -> admin.execute("frobnicate everything"))
                .hasMessage("HAProxy refused 'frobnicate everything': unknown command");
    }

    @Test
    void serverChangesOnANonAdminSocketAreRefusedAsPermissionDenied() {
        assertThat(user.showStat("be")).hasSize(1);
        assertThatThrownBy(() -> user.setServerState("be", "s1", ServerAdminState.DRAIN))
                .hasMessage("HAProxy refused 'set server be/s1 state drain': permission denied"
                        + " (server changes need a stats socket with 'level admin')");
    }

    @Test
    void aSocketNobodyListensOnFailsWithinTheTimeout() {
        RuntimeApiClient nobody = new RuntimeApiClient(dir.resolve("none.sock"), Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(nobody.answers()).isFalse();
        assertThatThrownBy(() -> nobody.showStat("be"))
                .isInstanceOf(RuntimeApiException.class)
                .hasMessageStartingWith("HAProxy runtime API at " + dir.resolve("none.sock") + " did not answer 'show stat be 4 -1'");
    }
}
