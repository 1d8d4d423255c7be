package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --local} tells the truth after the world changed under the state file (HAProxy
 * killed, its admin socket deleted, the state file deleted); {@code install} brings a dead
 * HAProxy back so the rollout re-run finishes; and a rollout without its state file is refused
 * before anything is drained.
 */
class LocalStatusTruthIT {

    @TempDir
    Path work;

    private LocalShop shop;

    @AfterEach
    void uninstall() {
        if (shop != null) {
            shop.uninstall();
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    private AgentProcess status(String... extra) {
        AgentProcess status = shop.run("status", extra);
        status.waitFor(Duration.ofMinutes(1));
        return status;
    }

    @Test
    void haproxyKilledMidRolloutIsShownThenInstallBringsItBackAndTheRolloutRerunFinishes() {
        shop = LocalShop.install(work, 2);
        AgentProcess healthy = status();
        assertThat(healthy.waitFor(Duration.ofSeconds(5))).as(healthy.output()).isZero();
        assertThat(healthy.output()).containsPattern("web_1 +1\\.0\\.0 .*lb_1 IN +lb_1 UP +running \\(pid \\d+\\) +HTTP 200")
                .contains("HAProxy lb_1: answers at").doesNotContain("Problems");

        try (AgentProcess first = shop.rollout("2.0.0")) {
            first.awaitLine(l -> l.contains("web_1: upgrade ..."), Duration.ofMinutes(1));
            shop.killHaproxy();
            assertThat(first.waitFor(Duration.ofMinutes(2))).as(first.output()).isEqualTo(3);
        }
        AgentProcess dead = status();
        assertThat(dead.waitFor(Duration.ofSeconds(5))).as(dead.output()).isEqualTo(3);
        assertThat(dead.output())
                .as("HAProxy's view says it cannot be asked; the apps still run")
                .containsPattern("web_2 +1\\.0\\.0 .*lb_1 IN +lb_1 unknown +running \\(pid \\d+\\) +HTTP 200")
                .contains("HAProxy lb_1: does not answer at " + shop.adminSocket())
                .contains("To fix: run: java -jar webapp-upgrade-agent.jar install --local " + shop.topology);
        AgentProcess json = status("--json");
        assertThat(json.waitFor(Duration.ofSeconds(5))).isEqualTo(3);
        assertThat(json.output()).contains("\"answering\" : false").contains("\"live\" : \"unknown\"")
                .contains("\"state\" : \"IN\"").contains("\"appVersion\" : \"1.0.0\"").contains("\"exitCode\" : 3");

        AgentProcess repair = shop.run("install");
        assertThat(repair.waitFor(Duration.ofMinutes(2))).as(repair.output()).isZero();
        assertThat(repair.output()).contains("checking lb_1").contains("0 instance(s) installed, 3 already installed checked");
        // A check that fails once reads "UP 1/3" (still UP, in rotation): what must hold is that both settle UP.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(shop.servers()).as(repair.output())
                .containsEntry("web_1", "UP").containsEntry("web_2", "UP"));
        AgentProcess back = status();
        assertThat(back.waitFor(Duration.ofSeconds(5))).as(back.output()).isZero();

        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(shop.frontend(), 50))) {
            traffic.start(Duration.ofMinutes(3));
            AgentProcess rerun = shop.rollout("2.0.0");
            assertThat(rerun.waitFor(Duration.ofMinutes(2))).as(rerun.output()).isZero();
            LoadReport report = traffic.stop();
            assertThat(report.sent()).isGreaterThan(20);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        AgentProcess done = status();
        assertThat(done.waitFor(Duration.ofSeconds(5))).as(done.output()).isZero();
        assertThat(done.output()).containsPattern("web_1 +2\\.0\\.0").containsPattern("web_2 +2\\.0\\.0");
    }

    @Test
    void aDeletedAdminSocketIsShownAndInstallRestartsHaproxyWithItsServers() throws Exception {
        shop = LocalShop.install(work, 2);
        Files.delete(shop.adminSocket());
        AgentProcess status = status();
        assertThat(status.waitFor(Duration.ofSeconds(5))).as(status.output()).isEqualTo(3);
        assertThat(status.output()).contains("HAProxy lb_1: does not answer at " + shop.adminSocket())
                .contains("To fix: run: java -jar webapp-upgrade-agent.jar install");

        AgentProcess repair = shop.run("install");
        assertThat(repair.waitFor(Duration.ofMinutes(2))).as(repair.output()).isZero();
        assertThat(repair.output()).contains("its admin socket " + shop.adminSocket() + " is gone")
                .contains("restarting HAProxy");
        assertThat(shop.servers()).containsEntry("web_1", "UP").containsEntry("web_2", "UP");
        AgentProcess back = status();
        assertThat(back.waitFor(Duration.ofSeconds(5))).as(back.output()).isZero();
        LoadReport served = new LoadGenerator(LoadProfile.steady(shop.frontend(), 50)).runFor(Duration.ofSeconds(1));
        assertThat(served.sent()).isGreaterThan(20);
        assertThat(served.failures()).as(served.summary()).isEmpty();
    }

    @Test
    void anAppWhoseProcessDiedIsShownAndInstallStartsItAgain() throws Exception {
        shop = LocalShop.install(work, 2);
        long pid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(shop.stateFile().toFile())
                .path("web_1").path("runtimeProperties").path("pid").asLong();
        ProcessHandle app = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("web_1's app " + pid + " is not running"));
        app.destroyForcibly();
        app.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);

        AgentProcess status = status();
        assertThat(status.waitFor(Duration.ofSeconds(5))).as(status.output()).isEqualTo(3);
        assertThat(status.output()).containsPattern("web_1 +1\\.0\\.0 .*lb_1 IN .*gone \\(pid " + app.pid() + "\\) +no answer")
                .contains("web_1: app process gone (pid " + app.pid() + ")")
                .containsPattern("web_2 +1\\.0\\.0 .*lb_1 IN +lb_1 UP +running");

        AgentProcess repair = shop.run("install");
        assertThat(repair.waitFor(Duration.ofMinutes(2))).as(repair.output()).isZero();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "UP".equals(shop.servers().get("web_1")));
        AgentProcess back = status();
        assertThat(back.waitFor(Duration.ofSeconds(5))).as(back.output()).isZero();
        assertThat(back.output()).containsPattern("web_1 +1\\.0\\.0 .*lb_1 UP +running \\(pid \\d+\\) +HTTP 200");
    }

    @Test
    void aDeletedStateFileIsShownAndARolloutIsRefusedWithNothingDrained() throws Exception {
        shop = LocalShop.install(work, 2);
        Path saved = work.resolve("saved.state.json");
        Files.move(shop.stateFile(), saved);

        AgentProcess status = status();
        assertThat(status.waitFor(Duration.ofSeconds(5))).as(status.output()).isEqualTo(2);
        assertThat(status.output())
                .as("no state-file view, but what HAProxy says now")
                .containsPattern("web_1 +- +- +lb_1 UNKNOWN +lb_1 UP +not recorded")
                .contains("the state file " + shop.stateFile() + " does not exist")
                .contains("To fix: put the state file " + shop.stateFile() + " back");

        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(shop.frontend(), 50))) {
            traffic.start(Duration.ofMinutes(2));
            Thread.sleep(500);
            AgentProcess rollout = shop.rollout("2.0.0");
            assertThat(rollout.waitFor(Duration.ofMinutes(1))).as(rollout.output()).isEqualTo(2);
            assertThat(rollout.output()).contains("the state file " + shop.stateFile() + " of deployment shop does not exist")
                    .contains("nothing was drained").doesNotContain("unlink");
            assertThat(shop.servers()).containsEntry("web_1", "UP").containsEntry("web_2", "UP");
            Thread.sleep(500);
            LoadReport report = traffic.stop();
            assertThat(report.sent()).isGreaterThan(20);
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
        assertThat(shop.stateFile()).as("a refused rollout writes no state").doesNotExist();
        Files.move(saved, shop.stateFile(), StandardCopyOption.REPLACE_EXISTING);
    }
}
