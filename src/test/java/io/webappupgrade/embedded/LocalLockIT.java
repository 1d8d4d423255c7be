package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.testing.Http;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time per local deployment: a second rollout while one runs is refused at once
 * (exit 2, naming the holder) and changes nothing; status stays allowed; a run killed with
 * SIGKILL leaves no stuck lock; uninstall leaves no app process behind, not even one the state
 * file does not know.
 */
class LocalLockIT {

    @TempDir
    Path work;

    private LocalShop shop;

    private boolean uninstalled;

    @AfterEach
    void nothingLeft() {
        if (shop != null && !uninstalled) {
            shop.uninstall();
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    @Test
    void aSecondRunIsRefusedWhileOneRunsAndAKilledRunLeavesNoStuckLock() throws Exception {
        shop = LocalShop.install(work, 3);
        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(shop.frontend(), 50))) {
            traffic.start(Duration.ofMinutes(5));
            // a pause between batches keeps the first run going while the others try
            try (AgentProcess first = shop.run("rollout", concat(shop.rolloutArgs("2.0.0"), "--delay", "5"))) {
                first.awaitLine(l -> l.contains("web_1: unlink"), Duration.ofMinutes(1));

                long started = System.nanoTime();
                AgentProcess second = shop.rollout("3.0.0");
                assertThat(second.waitFor(Duration.ofSeconds(30))).as(second.output()).isEqualTo(2);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once, not after waiting")
                        .isLessThan(Duration.ofSeconds(15));
                assertThat(second.output())
                        .contains("deployment shop is locked by another run (pid " + first.pid() + ", started ")
                        .contains("rollout --local " + shop.topology + " --version 2.0.0")
                        .contains("lock file " + work.resolve("shop.lock"))
                        .contains("Nothing was changed")
                        .doesNotContain("unlink");

                AgentProcess install = shop.run("install");
                assertThat(install.waitFor(Duration.ofSeconds(30))).as(install.output()).isEqualTo(2);
                assertThat(install.output()).contains("locked by another run (pid " + first.pid());

                AgentProcess status = shop.run("status");
                status.waitFor(Duration.ofSeconds(30));
                assertThat(status.output()).as("status takes no lock")
                        .contains("A run holds the deployment's lock: pid " + first.pid())
                        .contains("INSTANCE");

                assertThat(first.waitFor(Duration.ofMinutes(2))).as(first.output()).isZero();
            }
            AgentProcess after = shop.run("status");
            assertThat(after.waitFor(Duration.ofSeconds(30))).as(after.output()).isZero();
            assertThat(after.output()).containsPattern("web_1 +2\\.0\\.0").containsPattern("web_2 +2\\.0\\.0")
                    .containsPattern("web_3 +2\\.0\\.0").doesNotContain("A run holds");

            try (AgentProcess killed = shop.rollout("3.0.0")) {
                killed.awaitLine(l -> l.contains("web_1: upgrade ..."), Duration.ofMinutes(1));
                killed.kill();
            }
            AgentProcess rerun = shop.rollout("3.0.0");
            assertThat(rerun.waitFor(Duration.ofMinutes(2))).as("the killed run left no lock: " + rerun.output()).isZero();
            assertThat(rerun.output()).contains("web_1: putting back").doesNotContain("locked");
            Thread.sleep(500);
            LoadReport report = traffic.stop();
            assertThat(report.sent()).isGreaterThan(100);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        AgentProcess end = shop.run("status");
        assertThat(end.waitFor(Duration.ofSeconds(30))).as(end.output()).isZero();
        assertThat(end.output()).containsPattern("web_1 +3\\.0\\.0").containsPattern("web_2 +3\\.0\\.0")
                .containsPattern("web_3 +3\\.0\\.0");
    }

    @Test
    void uninstallStopsAnAppProcessTheStateFileDoesNotKnow() throws Exception {
        shop = LocalShop.install(work, 1);
        // what a concurrent or crashed run could leave: an app serving from the release folder, unrecorded
        Path release = work.resolve("apps/web_1/releases/1.0.0");
        int port = FreePort.onLoopback();
        ProcessBuilder orphan = new ProcessBuilder("node", "server.js").directory(release.toFile())
                .redirectErrorStream(true).redirectOutput(new File("/dev/null"));
        orphan.environment().put("PORT", String.valueOf(port));
        orphan.environment().put("APP_VERSION", "1.0.0");
        Process stray = orphan.start();
        try {
            await(() -> Http.answers("http://127.0.0.1:" + port + "/health"));
            AgentProcess uninstall = shop.run("uninstall");
            assertThat(uninstall.waitFor(Duration.ofMinutes(2))).as(uninstall.output()).isZero();
            uninstalled = true;
            assertThat(uninstall.output()).contains("stopped a leftover app process pid " + stray.pid())
                    .contains("running from " + work.resolve("apps/web_1"));
            assertThat(stray.waitFor(10, TimeUnit.SECONDS)).as("the stray app was stopped").isTrue();
        } finally {
            stray.destroyForcibly();
        }
        assertThat(Files.exists(work.resolve("apps/web_1"))).isFalse();
    }

    private static String[] concat(String[] args, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception notYet) {
                // not answering yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not true within 15 s");
    }
}
