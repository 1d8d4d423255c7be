package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.testing.CloudifyLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release bundle this build made, used the way docs/packaging.md tells a user: unpack it,
 * put its webapp-upgrade folder beside the example blueprint, and run the example in real
 * Cloudify local mode (real HAProxy, real app processes): install, webapp_upgrade of half the
 * instances (the bundle's own workflow entry and jar), uninstall. Nothing comes from the checkout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseBundleIT {

    @TempDir
    static Path work;

    private static Path release;
    private static ExampleStory story;

    @BeforeAll
    static void unpackTheBundle() throws Exception {
        Path bundle = ReleaseArtifacts.bundle();
        Path checksum = bundle.resolveSibling(bundle.getFileName() + ".sha256");
        Command.Result check = Command.run(Duration.ofSeconds(30), bundle.getParent(), Map.of(),
                List.of("sha256sum", "-c", checksum.getFileName().toString()));
        assertThat(check.ok()).as(check.output()).isTrue();

        release = TarGzContents.unpack(bundle, work.resolve("unpacked")).resolve(ReleaseArtifacts.topDirectory());
        story = new ExampleStory(work, null);
    }

    @AfterAll
    static void stopEverything() {
        if (story != null) {
            story.close();
        }
    }

    @Test
    @Order(1)
    void theExampleFromTheBundleInstallsWithTheBundlesPluginFolderBesideIt() throws Exception {
        Path example = release.resolve("example");
        copyTree(release.resolve("webapp-upgrade"), example.resolve("webapp-upgrade"));
        story.init(example.resolve("blueprint.yaml"));

        CloudifyLocal.Result install = story.installPutsBothInstancesBehindHaproxy();
        assertThat(install.log()).contains("Task succeeded 'script_runner.tasks.run'");
    }

    @Test
    @Order(2)
    void theBundlesWorkflowEntryUpgradesHalfTheInstances() {
        CloudifyLocal.Result run = story.upgradeWithTheWorkflow(50, 1);
        assertThat(run.log()).contains("upgraded 1 instance(s) to 2.0.0");
    }

    @Test
    @Order(3)
    void uninstallStopsEverything() throws Exception {
        story.uninstallStopsEverything();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
    }
}
