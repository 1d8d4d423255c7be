package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second build of the same sources, from a copy at another path with files of other times,
 * gives the same bytes as this build: the shaded agent jar and the release bundle (and so the
 * same .sha256). The copy is built offline from the local repository this build filled.
 */
class ReproducibleBuildIT {

    @TempDir
    Path work;

    @Test
    void aSecondBuildElsewhereGivesTheSameJarAndBundle() throws IOException {
        Path copy = copySources(work.resolve("second checkout"));
        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-o", "package", "-Dmaven.test.skip=true"));
        String repository = System.getProperty("maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + repository);
        }
        Command.Result build = Command.run(Duration.ofMinutes(10), copy, Map.of(), mvn);
        assertThat(build.ok()).as("second build:\n%s", build.output()).isTrue();

        Path bundle = ReleaseArtifacts.bundle();
        Path jar = TestEnvironment.agentJar();
        Path secondBundle = copy.resolve("target").resolve(bundle.getFileName().toString());
        Path secondJar = copy.resolve("target").resolve(jar.getFileName().toString());
        System.out.printf("agent jar  %s  second build %s%nbundle     %s  second build %s%n",
                Sha256File.digest(jar), Sha256File.digest(secondJar), Sha256File.digest(bundle), Sha256File.digest(secondBundle));
        assertThat(Files.mismatch(jar, secondJar)).as("first differing byte of the agent jars").isEqualTo(-1L);
        assertThat(Files.mismatch(bundle, secondBundle)).as("first differing byte of the bundles").isEqualTo(-1L);
        assertThat(Files.readString(copy.resolve("target").resolve(bundle.getFileName() + ".sha256")))
                .isEqualTo(Files.readString(bundle.resolveSibling(bundle.getFileName() + ".sha256")));
    }

    /** What the release is built from (no tests, no build output, no venv). */
    private static Path copySources(Path to) throws IOException {
        Path root = ReleaseArtifacts.projectRoot();
        List<String> wanted = List.of("pom.xml", "README.md", "LICENSE", "plugin.yaml", "src/main", "blueprint-fragments",
                "packaging");
        for (String top : wanted) {
            try (Stream<Path> files = Files.walk(root.resolve(top))) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("__pycache__")).toList()) {
                    Path target = to.resolve(root.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    // a plain copy: the copies get this moment's times and the default permissions
                    Files.write(target, Files.readAllBytes(f));
                }
            }
        }
        return to;
    }
}
