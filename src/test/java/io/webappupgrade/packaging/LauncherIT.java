package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.net.FreePort;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.testing.LeftoverProcesses;
import io.webappupgrade.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/bin/webapp-upgrade} run as a user runs it: the first command records a class-data
 * archive, a later one puts it in place and the JVM then loads the agent's classes from it; two
 * first starts at once, and a cache that cannot be written, still run the command; a run that failed,
 * changed nothing or was interrupted leaves no archive, and the next start records again.
 */
class LauncherIT {

    @TempDir
    Path tmp;

    private record Result(int exit, String output) { }

    private Result launch(Path cache, String... args) throws Exception {
        return finish(start(cache, Map.of(), args));
    }

    private Process start(Path cache, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                TestEnvironment.projectRoot().resolve("packaging/bin/webapp-upgrade").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin");
        pb.environment().put("WEBAPP_UPGRADE_JAR", TestEnvironment.agentJar().toAbsolutePath().toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Result finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void recordsAnArchiveOnceThenStartsFromIt() throws Exception {
        Path cache = tmp.resolve("cache");
        Path cds = cache.resolve("webapp-upgrade/cds");
        Result version = launch(cache, "--version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("webapp-upgrade ");
        assertThat(files(cds)).as("--version loads too little to record").isEmpty();

        Result first = launch(cache, "operations");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("webapp.upgrade");
        assertThat(files(cds)).as("a recording, marked worth keeping").hasSize(2)
                .anyMatch(f -> f.endsWith(".rec")).anyMatch(f -> f.endsWith(".rec.keep"));

        Result second = launch(cache, "operations");
        assertThat(second.output()).isEqualTo(first.output());
        assertThat(files(cds)).singleElement().asString().endsWith(".jsa");

        Path classLog = tmp.resolve("classes.log");
        Result third = finish(start(cache, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog),
                "operations"));
        assertThat(third.exit()).as(third.output()).isZero();
        assertThat(Files.readString(classLog)).as("the agent's entry class comes from the archive")
                .containsPattern("io\\.webappupgrade\\.\\S+ source: shared objects file \\(top\\)");
    }

    @Test
    void aJarReplacedUnderTheSameNameRecordsANewArchive() throws Exception {
        Path cache = tmp.resolve("cache");
        Path jar = Files.copy(TestEnvironment.agentJar(), tmp.resolve("agent.jar"));
        Map<String, String> env = Map.of("WEBAPP_UPGRADE_JAR", jar.toString());
        assertThat(finish(start(cache, env, "operations")).exit()).isZero();
        assertThat(finish(start(cache, env, "operations")).exit()).isZero();
        List<String> before = files(cache.resolve("webapp-upgrade/cds"));
        assertThat(before).singleElement().asString().endsWith(".jsa");

        // same path and size, new content: the key must change, else the old archive would be offered
        Path replacement = Files.copy(TestEnvironment.agentJar(), tmp.resolve("agent.jar.new"));
        Files.move(replacement, jar, StandardCopyOption.REPLACE_EXISTING);
        Result r = finish(start(cache, env, "operations"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(files(cache.resolve("webapp-upgrade/cds")))
                .as("the replaced jar records an archive of its own beside the old one")
                .hasSize(3).contains(before.get(0)).anyMatch(f -> f.endsWith(".rec"));
    }

    @Test
    void eachSubcommandHasAnArchiveOfItsOwnAndTheJvmRunsWithTheClientCompilerOnly() throws Exception {
        Path cache = tmp.resolve("cache");
        Path cds = cache.resolve("webapp-upgrade/cds");
        assertThat(launch(cache, "operations").exit()).isZero();
        assertThat(launch(cache, "operations").exit()).isZero();
        assertThat(launch(cache, "report", "--help").exit()).isZero();

        assertThat(files(cds)).anyMatch(f -> f.endsWith("-operations.jsa")).anyMatch(f -> f.contains("-report.jsa"));

        Result r = finish(start(cache, Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintCommandLineFlags"), "operations"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("-XX:TieredStopAtLevel=1").contains("-XX:+UseSerialGC");
        Result chosen = finish(start(cache, Map.of("WEBAPP_UPGRADE_JAVA_OPTS", "-XX:+UseParallelGC",
                "JAVA_TOOL_OPTIONS", "-XX:+PrintCommandLineFlags"), "operations"));
        assertThat(chosen.exit()).as(chosen.output()).isZero();
        assertThat(chosen.output()).contains("-XX:+UseParallelGC").doesNotContain("TieredStopAtLevel=1");
    }

    @Test
    void passesTheCommandsExitCodeThrough() throws Exception {
        Path cache = tmp.resolve("cache");
        assertThat(launch(cache, "no-such-command").exit()).isEqualTo(2);
        assertThat(launch(cache, "no-such-command").exit()).isEqualTo(2);
    }

    @Test
    void twoFirstStartsAtOnceBothRunAndOneArchiveIsKept() throws Exception {
        Path cache = tmp.resolve("cache");
        Process a = start(cache, Map.of(), "operations");
        Process b = start(cache, Map.of(), "operations");
        Result ra = finish(a);
        Result rb = finish(b);
        assertThat(ra.exit()).as(ra.output()).isZero();
        assertThat(rb.exit()).as(rb.output()).isZero();
        Result next = launch(cache, "operations");
        assertThat(next.exit()).as(next.output()).isZero();
        assertThat(files(cache.resolve("webapp-upgrade/cds"))).as("one in place, the other dropped")
                .singleElement().asString().endsWith("-operations.jsa");
    }

    @Test
    void aRecordingOfACommandThatFailedIsDroppedAndTheNextStartRecordsAgain() throws Exception {
        Path cache = tmp.resolve("cache");
        Path cds = cache.resolve("webapp-upgrade/cds");
        Result failed = launch(cache, "report", tmp.resolve("no-such-report.json").toString());
        assertThat(failed.exit()).as(failed.output()).isEqualTo(2);
        assertThat(files(cds)).as("a recording without the mark").singleElement().asString().endsWith(".rec");

        Result help = launch(cache, "report", "--help");
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(files(cds)).as("the failed run's recording dropped, a new one marked").hasSize(2)
                .allMatch(f -> f.contains("-report.jsa.")).anyMatch(f -> f.endsWith(".rec.keep"));

        assertThat(launch(cache, "report", "--help").exit()).isZero();
        assertThat(files(cds)).singleElement().asString().endsWith("-report.jsa");
    }

    @Test
    void aRolloutThatChangedNothingOrWasInterruptedIsNotRecordedAndOneThatUpgradedIs() throws Exception {
        Path work = tmp.resolve("work");
        Path releases = Files.createDirectories(work.resolve("releases"));
        URI v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        URI v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri();
        URI unhealthy = SampleRelease.of("2.0.0").unhealthy()
                .writeTarGz(releases.resolve("unhealthy-2.0.0.tar.gz")).toUri();
        Path topology = Files.writeString(work.resolve("shop.yaml"), """
                node_templates:
                  lb:
                    type: webapp_upgrade.nodes.HAProxy
                    properties: {frontend_address: 127.0.0.1, frontend_port: %d, work_dir: %s}
                  web:
                    type: webapp_upgrade.nodes.WebApp
                    instances: 2
                    properties: {version: '1.0.0', application_url: '%s', base_dir: %s, start_timeout: 10}
                    relationships:
                      - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
                """.formatted(FreePort.onLoopback(), work.resolve("haproxy"), v1, work.resolve("apps")));
        AgentProcess install = AgentProcess.start("install", "--local", topology.toString());
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isZero();
        try {
            Path cache = tmp.resolve("cache");
            Path cds = cache.resolve("webapp-upgrade/cds");
            Result dryRun = launch(cache, rollout(topology, "2.0.0", v2, "--dry-run"));
            assertThat(dryRun.exit()).as(dryRun.output()).isZero();
            assertThat(files(cds)).as("a dry run's recording, not marked").singleElement().asString().endsWith(".rec");
            String dryRunRecording = files(cds).get(0);

            // SIGTERM while the first instance waits for a release that never turns healthy: exit 4
            AgentProcess interrupted = AgentProcess.watching(start(cache, Map.of(),
                    rollout(topology, "2.0.0", unhealthy)));
            interrupted.awaitLine(l -> l.matches(".*web_\\d: upgrade.*"), Duration.ofMinutes(1));
            Thread.sleep(1000);
            interrupted.signal("TERM");
            assertThat(interrupted.waitFor(Duration.ofMinutes(1))).as(interrupted.output()).isEqualTo(4);
            assertThat(files(cds)).as("the interrupted run's recording, not marked; the dry run's dropped")
                    .singleElement().asString().endsWith(".rec").isNotEqualTo(dryRunRecording);
            String interruptedRecording = files(cds).get(0);

            Result upgrade = launch(cache, rollout(topology, "2.0.0", v2));
            assertThat(upgrade.exit()).as(upgrade.output()).isZero();
            assertThat(upgrade.output()).contains("upgraded 2 instance(s) to 2.0.0");
            assertThat(files(cds)).as("the interrupted run's recording dropped, the upgrade's marked").hasSize(2)
                    .doesNotContain(interruptedRecording)
                    .anyMatch(f -> f.matches(".*-rollout\\.jsa\\.\\d+\\.rec\\.keep"));

            Path classLog = tmp.resolve("classes.log");
            Result next = finish(start(cache, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog),
                    rollout(topology, "3.0.0", v2)));
            assertThat(next.exit()).as(next.output()).isZero();
            assertThat(files(cds)).singleElement().asString().endsWith("-rollout.jsa");
            assertThat(Files.readString(classLog)).as("the drain's code comes from the archive")
                    .contains("io.webappupgrade.haproxy.BackendSet source: shared objects file (top)");
        } finally {
            AgentProcess.start("uninstall", "--local", topology.toString()).waitFor(Duration.ofMinutes(2));
        }
        assertThat(LeftoverProcesses.under(work)).isEmpty();
    }

    private static String[] rollout(Path topology, String version, URI url, String... more) {
        List<String> args = new ArrayList<>(List.of("rollout", "--local", topology.toString(), "--version", version,
                "--url", url.toString(), "--reports-dir", topology.resolveSibling("reports").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aCacheThatCannotBeCreatedOnlyMeansNoArchive() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        Result r = launch(notADirectory, "operations");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("webapp.upgrade");
    }

    @Test
    void aMissingJarIsNamed() throws Exception {
        Process p = start(tmp.resolve("cache"), Map.of("WEBAPP_UPGRADE_JAR", tmp.resolve("none.jar").toString()),
                "--version");
        Result r = finish(p);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains(tmp.resolve("none.jar").toString()).contains("WEBAPP_UPGRADE_JAR");
    }
}
