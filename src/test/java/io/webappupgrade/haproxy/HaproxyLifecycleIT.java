package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.local.LocalNodeInstance;
import io.webappupgrade.ctx.local.LocalOperationContext;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import io.webappupgrade.wait.Poll;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, reloading, restarting and stopping a real HAProxy daemon. */
class HaproxyLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void theBackendSetSurvivesAHitlessReloadAndARestart() throws Exception {
        try (HaproxyFixture haproxy = HaproxyFixture.start(dir)) {
            LocalNodeInstance a = haproxy.app("webapp_a", "1.0.0");
            LocalNodeInstance b = haproxy.app("webapp_b", "1.0.0");
            haproxy.establish(a);
            haproxy.establish(b);
            long masterPid = haproxy.daemon().pid().orElseThrow();

            LoadReport duringReload;
            try (LoadGenerator load = new LoadGenerator(new LoadProfile(URI.create(haproxy.frontendUrl()), 200, 0.05,
                    Duration.ofMillis(500), Duration.ofSeconds(10)))) {
                load.start(Duration.ofSeconds(20));
                Thread.sleep(1000);
                haproxy.daemon().reload();
                Thread.sleep(1500);
                duringReload = load.stop();
            }
            System.out.println("reload under load: " + duringReload.summary());
            assertThat(duringReload.failures()).isEmpty();
            assertThat(haproxy.daemon().pid()).hasValue(masterPid);
            assertThat(serversUp(haproxy)).containsExactlyInAnyOrder("webapp_a", "webapp_b");

            haproxy.operations.stop(haproxy.nodeContext(Map.of()));
            haproxy.operations.start(haproxy.nodeContext(Map.of()));
            assertThat(haproxy.daemon().pid()).isPresent().isNotEqualTo(masterPid);
            Poll.upTo(Duration.ofSeconds(5), Duration.ofMillis(50))
                    .orFail(() -> serversUp(haproxy).size() == 2, () -> "servers not up after restart");
            LoadReport afterRestart = new LoadGenerator(LoadProfile.steady(URI.create(haproxy.frontendUrl()), 100))
                    .runFor(Duration.ofSeconds(1));
            assertThat(afterRestart.failures()).isEmpty();
            assertThat(afterRestart.sent()).isGreaterThanOrEqualTo(90);
        }
    }

    @Test
    void aSecondHaproxyOnTheSameFrontendIsRefusedByTheAgentAndByHaproxyItself() throws Exception {
        try (HaproxyFixture first = HaproxyFixture.start(dir.resolve("a"))) {
            first.establish(first.app("webapp_a", "1.0.0"));
            int port = first.frontendPort;
            assertThatThrownBy(() -> HaproxyFixture.start(dir.resolve("b"), Map.of("frontend_port", port)))
                    .isInstanceOf(NonRecoverableError.class)
                    .hasMessageContaining("HAProxy configure: node property 'frontend_port': 127.0.0.1:" + port
                            + " is already in use by another process");

            // Past the agent's check (a race, or someone starting it by hand), our config still keeps
            // HAProxy from binding beside another one: without SO_REUSEPORT the bind fails.
            HaproxySettings second = HaproxySettings.fromProperties(new io.webappupgrade.ctx.Properties("node property",
                    Map.of("frontend_address", "127.0.0.1", "frontend_port", port, "work_dir", dir.resolve("c").toString())));
            Files.createDirectories(second.workDir());
            Files.writeString(second.configPath(), new ConfigRenderer().render(second, List.of()));
            Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", second.configPath().toString())
                    .redirectErrorStream(true).start();
            try {
                assertThat(haproxy.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                        .as("HAProxy exits instead of sharing the port").isTrue();
                assertThat(haproxy.exitValue()).isNotZero();
                assertThat(new String(haproxy.getInputStream().readAllBytes())).contains("cannot bind socket");
            } finally {
                haproxy.destroyForcibly();
            }
            LoadReport report = new LoadGenerator(LoadProfile.steady(URI.create(first.frontendUrl()), 50))
                    .runFor(Duration.ofSeconds(1));
            assertThat(report.sent()).isGreaterThan(20);
            assertThat(report.failures()).as("the first HAProxy has every request").isEmpty();
        }
    }

    @Test
    void aServerBeingDrainedStaysOutOfTrafficAcrossAReload() throws Exception {
        try (HaproxyFixture haproxy = HaproxyFixture.start(dir)) {
            LocalNodeInstance a = haproxy.app("webapp_a", "1.0.0");
            haproxy.establish(a);
            var stuck = java.net.http.HttpClient.newHttpClient().sendAsync(
                    java.net.http.HttpRequest.newBuilder(URI.create(haproxy.frontendUrl() + "slow?ms=3000")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            Poll.upTo(Duration.ofSeconds(5), Duration.ofMillis(50))
                    .orFail(() -> haproxy.api().server("webapp", "webapp_a").orElseThrow().currentSessions() > 0,
                            () -> "no session");
            // A drain in progress (a timed-out one is cancelled, so the unlink waits on its own thread).
            var unlinking = java.util.concurrent.CompletableFuture.runAsync(() -> haproxy.unlink(a, 20));
            Poll.upTo(Duration.ofSeconds(5), Duration.ofMillis(50))
                    .orFail(() -> haproxy.api().server("webapp", "webapp_a").orElseThrow().status().startsWith("DRAIN"),
                            () -> "not draining");

            // Seen draining means the config already says disabled, so a reload cannot undo the drain.
            assertThat(haproxy.config()).containsPattern("server webapp_a 127\\.0\\.0\\.1:\\d+ .* disabled");

            haproxy.daemon().reload();
            // After the reload the server never takes traffic again: in MAINT from the config, or already removed.
            String after = haproxy.api().server("webapp", "webapp_a").map(row -> row.status()).orElse("REMOVED");
            String config = haproxy.config();
            assertThat(after).isIn("MAINT", "REMOVED");
            if (after.equals("MAINT")) {
                assertThat(config).containsPattern("server webapp_a 127\\.0\\.0\\.1:\\d+ .* disabled");
            }
            assertThat(stuck.get().statusCode()).isEqualTo(200);
            unlinking.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(haproxy.api().showStat("webapp")).isEmpty();
        }
    }

    @Test
    void stopLeavesNoHaproxyProcessAndSucceedsWhenAlreadyStopped() throws Exception {
        HaproxyFixture haproxy = HaproxyFixture.start(dir);
        long master = haproxy.daemon().pid().orElseThrow();
        List<ProcessHandle> family = Stream.concat(Stream.of(ProcessHandle.of(master).orElseThrow()),
                ProcessHandle.of(master).orElseThrow().descendants()).toList();
        assertThat(family).hasSizeGreaterThanOrEqualTo(2);
        assertThat(haproxyProcessesUsing(haproxy.settings().configPath())).isNotEmpty();

        haproxy.close();

        assertThat(family).allMatch(DaemonHaproxy::gone);
        assertThat(haproxyProcessesUsing(haproxy.settings().configPath())).isEmpty();
        assertThat(haproxy.settings().statsSocket()).doesNotExist();
        haproxy.operations.stop(haproxy.nodeContext(Map.of()));

        haproxy.operations.delete(haproxy.nodeContext(Map.of()));
        assertThat(haproxy.settings().configPath()).doesNotExist();
        assertThat(haproxy.haproxy.runtimeProperties().read().asMap()).doesNotContainKeys("config_path", "backends", "pid");
    }

    @Test
    void startWithoutConfigureIsRefusedClearly() {
        LocalNodeInstance node = new LocalNodeInstance("haproxy", "haproxy_2", Map.of(
                "frontend_address", "127.0.0.1", "frontend_port", 1, "work_dir", dir.resolve("never").toString()));
        assertThatThrownBy(() -> new HaproxyOperations(new io.webappupgrade.json.JsonValues())
                .start(LocalOperationContext.forNode(node, Map.of())))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("haproxy.cfg does not exist (the configure operation writes it)");
    }

    private static Set<String> serversUp(HaproxyFixture haproxy) {
        return haproxy.api().showStat("webapp").stream().filter(r -> r.status().equals("UP"))
                .map(StatRow::name).collect(Collectors.toSet());
    }

    /** Live (non-zombie) haproxy processes whose command line names {@code config}. */
    private static List<Long> haproxyProcessesUsing(Path config) {
        return ProcessHandle.allProcesses()
                .filter(p -> !DaemonHaproxy.gone(p))
                .filter(p -> cmdline(p).contains(config.toString()) && cmdline(p).contains("haproxy"))
                .map(ProcessHandle::pid).toList();
    }

    private static String cmdline(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
