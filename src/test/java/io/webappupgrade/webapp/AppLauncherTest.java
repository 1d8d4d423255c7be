package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppLauncherTest {

    @TempDir
    Path tmp;
    final TestProcesses processes = new TestProcesses();
    final AppLauncher launcher = new AppLauncher();

    @AfterEach
    void cleanUp() {
        processes.close();
    }

    private LaunchSpec spec(Map<String, String> env, String... command) {
        return new LaunchSpec(List.of(command), tmp, env, tmp.resolve("app.log"));
    }

    @Test
    void sendsStdoutAndStderrToTheLogWithAStartMarkerAndPassesOnlyTheGivenEnvironment() throws IOException {
        AppProcess app = processes.track(launcher.start(spec(Map.of("GREETING", "hello", "PATH", System.getenv("PATH")),
                "sh", "-c", "echo \"out $GREETING in $(pwd)\"; echo err >&2; echo \"ctx=${CTX_SOCKET_URL-unset}\"; exec sleep 30")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readString(tmp.resolve("app.log"))).contains("err"));
        List<String> lines = Files.readAllLines(tmp.resolve("app.log"));
        assertThat(AppLauncher.isMarker(lines.get(0))).isTrue();
        assertThat(lines).contains("out hello in " + tmp.toRealPath(), "err", "ctx=unset");
        assertThat(app.isAlive()).isTrue();
        assertThat(app.startedAt()).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void aStartInterruptedWhileItsStarterRunsStillReturnsTheAppSoItCanBeStoppedAndKeepsTheInterrupt() {
        // A Ctrl-C lands while the starter shell runs: by then the app may be in the background, and
        // only its pid lets the caller stop it again (giving up left an unknown app on the port).
        Thread.currentThread().interrupt();
        AppProcess app;
        try {
            app = processes.track(launcher.start(spec(Map.of("PATH", System.getenv("PATH")), "sleep", "30")));
        } finally {
            assertThat(Thread.interrupted()).as("the interruption is kept for the caller's next wait").isTrue();
        }

        assertThat(app.isAlive()).isTrue();
        // the pid is setsid's until it execs the app, a moment after the start returns
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ProcessHandle.of(app.pid()).flatMap(h -> h.info().command())).hasValueSatisfying(
                        c -> assertThat(c).endsWith("sleep")));
    }

    @Test
    void theAppOutlivesTheJvmThatStartedItAndDoesNotHoldItsOutput() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LaunchProbe.class.getName(), tmp.toString(), tmp.resolve("app.log").toString(), "sleep", "60")
                .redirectErrorStream(true).start();
        // Like Cloudify's script plugin: read the agent's output until end-of-file. An app that
        // inherited the pipe would keep it open and this would never end.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(agent.getInputStream()));
        String printed;
        try {
            printed = output.get(30, TimeUnit.SECONDS).trim();
        } finally {
            agent.destroyForcibly();
        }
        assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String[] parts = printed.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        AppProcess app = processes.track(new AppProcess(Long.parseLong(parts[0]), Instant.parse(parts[1])));

        assertThat(agent.exitValue()).isZero();
        assertThat(app.isAlive()).as("the app still runs after the agent exited").isTrue();
        assertThat(ProcessHandle.of(app.pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .isNotEqualTo(Optional.of(agent.pid()));
    }

    @Test
    void theAppIsNotThisJvmsChildSoNoThreadOfTheJvmWaitsOnIt() {
        AppProcess app = processes.track(launcher.start(spec(Map.of("PATH", System.getenv("PATH")), "sleep", "30")));

        assertThat(app.isAlive()).isTrue();
        // a child would keep a JDK reaper thread in native code, and the JVM's exit waits for those
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).doesNotContain(app.pid()));
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).doesNotContain(app.pid());
    }

    @Test
    void theArgumentListReachesTheAppAsItIsNeverReadByAShell() throws IOException {
        processes.track(launcher.start(spec(Map.of("PATH", System.getenv("PATH")),
                "sh", "-c", "printf '%s\\n' \"$@\" > args.txt; exec sleep 30", "app",
                "two words", "$(touch pwned)", "semi;colon", "'quoted'", "*")));

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(tmp.resolve("args.txt"))
                && Files.readAllLines(tmp.resolve("args.txt")).size() == 5);
        assertThat(Files.readAllLines(tmp.resolve("args.txt")))
                .containsExactly("two words", "$(touch pwned)", "semi;colon", "'quoted'", "*");
        assertThat(tmp.resolve("pwned")).doesNotExist();
    }

    @Test
    void aProgramThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> launcher.start(spec(Map.of("PATH", "/usr/bin:/bin"), "no-such-program-xyz", "--port=1")))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("could not start the app with start_command [no-such-program-xyz, --port=1]")
                .hasMessageContaining("'no-such-program-xyz' is not an executable file on the PATH given to the app");
        assertThatThrownBy(() -> launcher.start(spec(Map.of(), "./bin/run", "--port=1")))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("'./bin/run' is not an executable file (relative to " + tmp + ")");
    }

    @Test
    void eachStartAppendsToTheLog() throws Exception {
        List<AppProcess> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            AppProcess p = processes.track(launcher.start(spec(Map.of("PATH", System.getenv("PATH")),
                    "sh", "-c", "echo run-" + i)));
            runs.add(p);
            await().atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive());
        }

        assertThat(Files.readAllLines(tmp.resolve("app.log"))).filteredOn(l -> l.startsWith("run-"))
                .containsExactly("run-0", "run-1");
        assertThat(LogTail.lastLines(tmp.resolve("app.log"))).containsExactly("run-1");
        assertThat(runs).hasSize(2);
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
