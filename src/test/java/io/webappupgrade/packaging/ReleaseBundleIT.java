package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.testing.CfyCli;
import io.webappupgrade.testing.Http;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.testing.TestEnvironment;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release bundle this build made, used as README's "Try a release" tells a new user: its
 * commands run as written (only {@code <version>} filled in), one by one, with Cloudify's own
 * {@code cfy} in local mode, from a folder holding the downloaded bundle and its checksum. They
 * check, unpack, install the example with the bundled sample release, roll out 2.0.0 with the
 * webapp_upgrade workflow under traffic (not one failed request), and uninstall. Nothing comes
 * from the checkout but README.md.
 */
class ReleaseBundleIT {

    /** README's line just before the commands this test runs. */
    static final String MARKER = "<!-- ReleaseBundleIT runs these commands as written -->";
    /** The example's default frontend port, which README's commands use. */
    private static final int EXAMPLE_PORT = 8088;
    private static final String EXAMPLE_HAPROXY_DIR = "/tmp/webapp-upgrade-example";

    @TempDir
    static Path work;

    private static Path download;
    private static CfyCli cfy;

    @BeforeAll
    static void downloadTheBundle() throws IOException {
        Path bundle = ReleaseArtifacts.bundle();
        download = Files.createDirectories(work.resolve("download"));
        Files.copy(bundle, download.resolve(bundle.getFileName()));
        Files.copy(bundle.resolveSibling(bundle.getFileName() + ".sha256"), download.resolve(bundle.getFileName() + ".sha256"));
        Files.createDirectories(work.resolve("home"));
        removeTheExamplesHaproxyFolder();
        // cfy's own settings: its work folder, and Cloudify's types.yaml resolved offline
        cfy = new CfyCli(work.resolve("cfy"));
    }

    @AfterAll
    static void stopEverything() throws IOException {
        for (Path dir : List.of(work, Path.of(EXAMPLE_HAPROXY_DIR))) {
            for (String process : LeftoverProcesses.under(dir)) {
                ProcessHandle.of(Long.parseLong(process.substring(0, process.indexOf(' '))))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        removeTheExamplesHaproxyFolder();
    }

    /** The example keeps HAProxy's backend set there: an earlier run's set must not come back. */
    private static void removeTheExamplesHaproxyFolder() throws IOException {
        Path dir = Path.of(EXAMPLE_HAPROXY_DIR);
        assertThat(LeftoverProcesses.under(dir)).as("processes using " + dir).isEmpty();
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void readmesCommandsInstallUpgradeUnderTrafficAndUninstallTheExample() throws IOException {
        assertThat(isFree(EXAMPLE_PORT)).as("port %d, the example's frontend, must be free for this test",
                EXAMPLE_PORT).isTrue();
        String version = ReleaseArtifacts.topDirectory().substring("webapp-upgrade-".length());
        List<String> commands = readmeCommands(version);
        assertThat(commands).anyMatch(c -> c.startsWith("cfy install example/blueprint.yaml"))
                .anyMatch(c -> c.startsWith("cfy executions start webapp_upgrade"))
                .anyMatch(c -> c.startsWith("cfy uninstall"));

        Path dir = download;
        String frontend = "http://127.0.0.1:" + EXAMPLE_PORT + "/";
        LoadGenerator traffic = null;
        boolean upgraded = false;
        for (String command : commands) {
            if (command.startsWith("cd ")) {
                dir = dir.resolve(command.substring(3).strip()).normalize();
                assertThat(dir).isDirectory();
                continue;
            }
            if (command.startsWith("cfy executions start webapp_upgrade")) {
                LoadGenerator load = new LoadGenerator(new LoadProfile(URI.create(frontend), 100, 0.05,
                        Duration.ofMillis(500), Duration.ofSeconds(10)));
                load.start(Duration.ofMinutes(5));
                await().atMost(Duration.ofSeconds(10)).until(() -> load.snapshot().sent() > 0);
                traffic = load;
            }
            if (command.startsWith("cfy uninstall") && traffic != null) {
                LoadReport report = traffic.stop();
                System.out.println("during README's webapp_upgrade: " + report.summary());
                assertThat(report.sent()).isGreaterThan(100);
                assertThat(report.failed()).as(report.summary()).isZero();
                assertThat(report.versionsPerSecond().values()).anySatisfy(v -> assertThat(v).containsKey("1.0.0"))
                        .anySatisfy(v -> assertThat(v).containsKey("2.0.0"));
            }
            Command.Result run = runAsAUserWould(dir, command);
            assertThat(run.ok()).as("%s\n%s", command, run.output()).isTrue();
            if (command.startsWith("curl")) {
                assertThat(run.output()).contains(upgraded ? "version=2.0.0" : "version=1.0.0");
            }
            if (command.startsWith("cfy executions start webapp_upgrade")) {
                assertThat(run.output()).contains("upgraded 2 instance(s) to 2.0.0");
                assertThat(Http.get(frontend)).isEqualTo("version=2.0.0");
                upgraded = true;
            }
        }
        assertThat(Http.answers(frontend)).as("the example's frontend after uninstall").isFalse();
        assertThat(LeftoverProcesses.under(work)).isEmpty();
        assertThat(LeftoverProcesses.under(Path.of(EXAMPLE_HAPROXY_DIR))).isEmpty();
        try (var left = Files.list(work.resolve("home/webapp-upgrade"))) {
            assertThat(left.toList()).as("app instance folders after uninstall").isEmpty();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static Command.Result runAsAUserWould(Path dir, String command) {
        String path = TestEnvironment.venv().resolve("bin") + ":" + System.getenv("PATH") + ":/usr/sbin";
        // The example's releases go to the home folder (~/webapp-upgrade): here one of the test's own.
        // Java takes it from the password database, not HOME, so the agent is told as well.
        String home = work.resolve("home").toString();
        return Command.run(Duration.ofMinutes(10), dir, Map.of("PATH", path, "HOME", home,
                "JAVA_TOOL_OPTIONS", "-Duser.home=" + home, "CFY_WORKDIR", work.resolve("cfy").toString()),
                List.of("bash", "-c", command));
    }

    /** The commands of README's block after {@link #MARKER}, continuation lines joined, {@code <version>} filled in. */
    static List<String> readmeCommands(String version) throws IOException {
        List<String> lines = Files.readAllLines(ReleaseArtifacts.projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int marker = lines.indexOf(MARKER);
        assertThat(marker).as("README.md has the line " + MARKER).isNotNegative();
        assertThat(lines.get(marker + 1)).startsWith("```");
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines.subList(marker + 2, lines.size())) {
            if (line.startsWith("```")) {
                break;
            }
            String text = line.strip();
            if (text.endsWith("\\")) {
                current.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            current.append(text);
            if (!current.isEmpty()) {
                commands.add(current.toString().replace("<version>", version));
            }
            current.setLength(0);
        }
        return commands;
    }
}
