package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTerminatorTest {

    @TempDir
    Path tmp;
    final TestProcesses processes = new TestProcesses();
    final AppLauncher launcher = new AppLauncher();
    final AppTerminator terminator = new AppTerminator();

    @AfterEach
    void cleanUp() {
        processes.close();
    }

    private AppProcess start(String... command) {
        return processes.track(launcher.start(new LaunchSpec(List.of(command), tmp,
                Map.of("PATH", System.getenv("PATH")), tmp.resolve("app.log"))));
    }

    private void awaitLog(String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(tmp.resolve("app.log")).contains(text));
    }

    @Test
    void stopsTheAppAndItsDescendantsWithSigterm() {
        AppProcess app = start("sh", "-c", "sleep 300 & sleep 300 & echo children-started; wait");
        awaitLog("children-started");
        await().atMost(Duration.ofSeconds(5)).until(() -> app.handle().orElseThrow().descendants().count() == 2);
        List<ProcessHandle> children = app.handle().orElseThrow().descendants().toList();

        AppTerminator.Outcome outcome = terminator.stop(app, Duration.ofSeconds(10));

        assertThat(outcome).isEqualTo(AppTerminator.Outcome.STOPPED);
        assertThat(app.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessLiveness::isRunning);
    }

    @Test
    void killsAnAppThatIgnoresSigtermOnceTheGracePeriodIsOver() {
        AppProcess app = start("node", "-e",
                "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('handler-ready'); setInterval(() => {}, 1000)");
        awaitLog("handler-ready");

        long before = System.nanoTime();
        AppTerminator.Outcome outcome = terminator.stop(app, Duration.ofMillis(700));

        assertThat(outcome).isEqualTo(AppTerminator.Outcome.KILLED);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(app.isAlive()).isFalse();
        assertThat(tmp.resolve("app.log")).content().contains("ignoring SIGTERM");
    }

    @Test
    void anInterruptDuringTheStopNeitherKillsTheAppNorCutsTheWaitAndIsKept() {
        // An app that takes 800 ms to exit after SIGTERM, stopped by a thread already interrupted (Ctrl-C).
        AppProcess app = start("node", "-e", "process.on('SIGTERM', () => { console.log('closing');"
                + " setTimeout(() => process.exit(0), 800); }); console.log('handler-ready'); setInterval(() => {}, 1000)");
        awaitLog("handler-ready");

        Thread.currentThread().interrupt();
        AppTerminator.Outcome outcome;
        try {
            outcome = terminator.stop(app, Duration.ofSeconds(10));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }

        assertThat(outcome).isEqualTo(AppTerminator.Outcome.STOPPED);
        assertThat(app.isAlive()).isFalse();
        assertThat(tmp.resolve("app.log")).content().contains("closing");
    }

    @Test
    void neverSignalsAProcessWhoseStartTimeDiffers() {
        AppProcess app = start("sleep", "300");
        AppProcess samePidOtherProcess = new AppProcess(app.pid(), app.startedAt().minusSeconds(3));

        AppTerminator.Outcome outcome = terminator.stop(samePidOtherProcess, Duration.ofSeconds(1));

        assertThat(outcome).isEqualTo(AppTerminator.Outcome.ALREADY_STOPPED);
        assertThat(app.isAlive()).as("the process with the reused pid was left alone").isTrue();
    }

    @Test
    void stoppingAStoppedAppSucceeds() {
        AppProcess app = start("sleep", "300");
        assertThat(terminator.stop(app, Duration.ofSeconds(5))).isEqualTo(AppTerminator.Outcome.STOPPED);

        assertThat(terminator.stop(app, Duration.ofSeconds(5))).isEqualTo(AppTerminator.Outcome.ALREADY_STOPPED);
    }
}
