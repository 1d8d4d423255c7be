package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release bundle from a copy of this project's files: what it holds, how each entry is
 * stamped, that two builds from different checkouts give the same bytes, and refused inputs.
 */
class ReleaseBuilderTest {

    private static final Instant BUILD_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final String TOP = "webapp-upgrade-9.8.7/";

    @TempDir
    Path work;

    @Test
    void theBundleHoldsARunnableExampleFolderTheWagonVariantAndTheLicence() throws IOException {
        Path project = checkout("a");
        ReleaseBuilder.Release release = ReleaseBuilder.build(inputs(project, work.resolve("out")));

        assertThat(release.bundle().getFileName()).hasToString("webapp-upgrade-9.8.7.tar.gz");
        assertThat(TarGzContents.read(release.bundle())).extracting(TarGzContents.Entry::name).containsExactly(
                TOP, TOP + "LICENSE", TOP + "README.md", TOP + "bin/", TOP + "bin/webapp-upgrade",
                TOP + "example/", TOP + "example/blueprint.yaml",
                TOP + "example/releases/", TOP + "example/releases/app-1.0.0.tar.gz",
                TOP + "example/releases/app-2.0.0.tar.gz",
                TOP + "example/webapp-upgrade/", TOP + "example/webapp-upgrade/plugin.yaml",
                TOP + "example/webapp-upgrade/webapp-upgrade-agent.jar",
                TOP + "example/webapp-upgrade/webapp_upgrade_workflow.py",
                TOP + "wagon/", TOP + "wagon/plugin.yaml");
        Map<String, byte[]> files = TarGzContents.files(release.bundle());
        assertThat(files.get(TOP + "example/webapp-upgrade/plugin.yaml")).isEqualTo(Files.readAllBytes(project.resolve("plugin.yaml")));
        assertThat(files.get(TOP + "example/webapp-upgrade/webapp-upgrade-agent.jar")).isEqualTo(Files.readAllBytes(jar(project)));
        assertThat(files.get(TOP + "example/webapp-upgrade/webapp_upgrade_workflow.py"))
                .isEqualTo(Files.readAllBytes(project.resolve("blueprint-fragments/webapp_upgrade_workflow.py")));
        for (String version : List.of("1.0.0", "2.0.0")) {
            Path archive = work.resolve("app-" + version + ".tar.gz");
            Files.write(archive, files.get(TOP + "example/releases/app-" + version + ".tar.gz"));
            Map<String, byte[]> app = TarGzContents.files(archive);
            assertThat(app).containsOnlyKeys("VERSION", "server.js");
            assertThat(new String(app.get("VERSION"), StandardCharsets.UTF_8)).isEqualTo(version + "\n");
            assertThat(new String(app.get("server.js"), StandardCharsets.UTF_8)).isEqualTo(SampleRelease.serverJs());
        }
        assertThat(files.get(TOP + "example/blueprint.yaml"))
                .isEqualTo(Files.readAllBytes(project.resolve("blueprint-fragments/example/blueprint.yaml")));
        assertThat(files.get(TOP + "bin/webapp-upgrade"))
                .isEqualTo(Files.readAllBytes(project.resolve("packaging/bin/webapp-upgrade")));
        assertThat(files.get(TOP + "LICENSE")).isEqualTo(Files.readAllBytes(project.resolve("LICENSE")));
        assertThat(files.get(TOP + "README.md")).isEqualTo(Files.readAllBytes(project.resolve("README.md")));
        String variant = new String(files.get(TOP + "wagon/plugin.yaml"), StandardCharsets.UTF_8);
        assertThat(variant).contains("package_name: webapp-upgrade-plugin", "package_version: '9.8.7'")
                .doesNotContain(BundleLayout.VERSION_TOKEN);
    }

    @Test
    void everyEntryCarriesTheBuildTimeRootOwnershipAndAFixedMode() throws IOException {
        ReleaseBuilder.Release release = ReleaseBuilder.build(inputs(checkout("a"), work.resolve("out")));
        for (TarGzContents.Entry e : TarGzContents.read(release.bundle())) {
            assertThat(e.modified()).as(e.name()).isEqualTo(BUILD_TIME);
            assertThat(List.of(e.uid(), e.gid())).as(e.name()).containsExactly(0L, 0L);
            assertThat(List.of(e.user(), e.group())).as(e.name()).containsExactly("root", "root");
            int mode = e.content() == null ? 040755 : e.name().contains("/bin/") ? 0100755 : 0100644;
            assertThat(e.mode()).as(e.name()).isEqualTo(mode);
        }
        byte[] header = new byte[10];
        try (var in = Files.newInputStream(release.bundle())) {
            assertThat(in.readNBytes(header, 0, 10)).isEqualTo(10);
        }
        // gzip: no modification time (bytes 4-7), no file name (flags, byte 3), OS "unknown" (byte 9)
        assertThat(new byte[] {header[3], header[4], header[5], header[6], header[7]}).containsOnly(0);
        assertThat(header[9]).isEqualTo((byte) 0xff);
    }

    @Test
    void twoBuildsFromCheckoutsWithOtherPathsTimesAndPermissionsGiveTheSameBytes() throws IOException {
        Path first = checkout("first");
        Path second = checkout("somewhere/else/second");
        try (Stream<Path> files = Files.walk(second)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2031-07-04T12:34:56Z")));
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
            }
        }
        ReleaseBuilder.Release one = ReleaseBuilder.build(inputs(first, work.resolve("out-1")));
        ReleaseBuilder.Release two = ReleaseBuilder.build(inputs(second, work.resolve("out-2")));

        assertThat(Files.mismatch(one.bundle(), two.bundle())).as("first differing byte").isEqualTo(-1L);
        assertThat(Files.readString(one.checksum())).isEqualTo(Files.readString(two.checksum()));
        System.out.println("two builds: " + Files.readString(one.checksum()).strip() + " (both)");
    }

    @Test
    void theChecksumFileIsOneSha256sumLineThatSha256sumAccepts() throws Exception {
        ReleaseBuilder.Release release = ReleaseBuilder.build(inputs(checkout("a"), work.resolve("out")));
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(release.bundle())));
        assertThat(Files.readString(release.checksum())).isEqualTo(expected + "  webapp-upgrade-9.8.7.tar.gz\n");

        Process check = new ProcessBuilder("sha256sum", "-c", release.checksum().getFileName().toString())
                .directory(release.checksum().getParent().toFile()).redirectErrorStream(true).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void theWagonSourceHasTheVersionTheJarTheWorkflowEntryAndNothingLeftFromBefore() throws IOException {
        Path project = checkout("a");
        Path out = work.resolve("out");
        Path stale = Files.createDirectories(out.resolve("wagon-source/build/lib"));
        Files.writeString(stale.resolve("old.py"), "left by an earlier wheel build");

        Path source = ReleaseBuilder.build(inputs(project, out)).wagonSource();

        assertThat(Files.readString(source.resolve("setup.py"))).contains("version='9.8.7'")
                .doesNotContain(BundleLayout.VERSION_TOKEN);
        Path pkg = source.resolve("webapp_upgrade_plugin");
        assertThat(Files.readAllBytes(pkg.resolve("webapp-upgrade-agent.jar"))).isEqualTo(Files.readAllBytes(jar(project)));
        assertThat(Files.readAllBytes(pkg.resolve("workflow_entry.py")))
                .isEqualTo(Files.readAllBytes(project.resolve("blueprint-fragments/webapp_upgrade_workflow.py")));
        assertThat(pkg.resolve("tasks.py")).exists();
        assertThat(pkg.resolve("workflows.py")).exists();
        assertThat(source.resolve("LICENSE")).exists();
        assertThat(source.resolve("build")).doesNotExist();
    }

    @Test
    void aMissingFileFailsTheBuildNamingItAndWritesNoBundle() throws IOException {
        Path project = checkout("a");
        Files.delete(project.resolve("README.md"));
        Path out = work.resolve("out");

        assertThatThrownBy(() -> ReleaseBuilder.build(inputs(project, out)))
                .hasMessageContaining("the release needs " + project.resolve("README.md"));
        assertThat(out.resolve("webapp-upgrade-9.8.7.tar.gz")).doesNotExist();
        assertThat(out.resolve("webapp-upgrade-9.8.7.tar.gz.sha256")).doesNotExist();
    }

    @Test
    void badArgumentsAreRefusedWithWhatIsAllowed() throws IOException {
        Path project = checkout("a");
        String jar = jar(project).toString();
        String out = work.resolve("out").toString();

        assertThatThrownBy(() -> ReleaseBuilder.parse(args(project.toString(), jar, "1.0/../x", "2026-01-01T00:00:00Z", out)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version '1.0/../x' is not allowed: letters, digits and . + _ - only");
        assertThatThrownBy(() -> ReleaseBuilder.parse(args(project.toString(), jar, "1.0.0", "${project.build.outputTimestamp}", out)))
                .hasMessageContaining("timestamp '${project.build.outputTimestamp}' is not allowed")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ReleaseBuilder.parse(args(project.toString(), project.resolve("no.jar").toString(), "1.0.0", "0", out)))
                .hasMessageContaining("agent jar '" + project.resolve("no.jar") + "' is not a file");
        assertThatThrownBy(() -> ReleaseBuilder.parse(new String[] {"--project-root", project.toString(), "--jar", jar}))
                .hasMessageContaining("argument '--jar' is not allowed");
        assertThatThrownBy(() -> ReleaseBuilder.parse(new String[] {"--project-root", project.toString()}))
                .hasMessageContaining("option --agent-jar is missing");
        assertThat(work.resolve("out")).doesNotExist();
    }

    @Test
    void mavenTimestampsInEitherFormReadTheSame() {
        assertThat(ReleaseInputs.parseTimestamp("2026-01-01T00:00:00Z")).isEqualTo(BUILD_TIME);
        assertThat(ReleaseInputs.parseTimestamp("2026-01-01T01:00:00+01:00")).isEqualTo(BUILD_TIME);
        assertThat(ReleaseInputs.parseTimestamp(String.valueOf(BUILD_TIME.getEpochSecond()))).isEqualTo(BUILD_TIME);
    }

    private static String[] args(String root, String jar, String version, String timestamp, String out) {
        return new String[] {"--project-root", root, "--agent-jar", jar, "--version", version, "--timestamp", timestamp,
                "--output", out};
    }

    private static ReleaseInputs inputs(Path project, Path out) {
        return new ReleaseInputs(project, jar(project), "9.8.7", BUILD_TIME, out);
    }

    private static Path jar(Path project) {
        return project.resolve("agent.jar");
    }

    /** The files the release is built from, copied from this project, with a small stand-in for the agent jar. */
    private Path checkout(String name) throws IOException {
        Path root = TestEnvironment.projectRoot();
        Path copy = Files.createDirectories(work.resolve(name));
        for (String file : List.of("README.md", "LICENSE", "plugin.yaml")) {
            Files.copy(root.resolve(file), copy.resolve(file));
        }
        for (String dir : List.of("blueprint-fragments", "packaging/wagon", "packaging/bin")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("__pycache__")).toList()) {
                    Path to = copy.resolve(root.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
            }
        }
        byte[] jar = new byte[200_000];
        for (int i = 0; i < jar.length; i++) {
            jar[i] = (byte) (i * 31 + i / 7);
        }
        Files.write(jar(copy), jar);
        return copy;
    }
}
