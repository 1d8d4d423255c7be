package io.webappupgrade.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lays out a blueprint folder the way a user does: the blueprint, and beside it the
 * {@code webapp-upgrade/} folder with plugin.yaml, the agent jar and the workflow entry.
 */
public final class BlueprintFolder {

    private BlueprintFolder() {
    }

    /** Copies {@code blueprint-fragments/<example>/} and the plugin files into {@code target}. */
    public static Path assemble(String example, Path target) throws IOException {
        Path root = TestEnvironment.projectRoot();
        Path source = root.resolve("blueprint-fragments").resolve(example);
        Files.createDirectories(target);
        try (var files = Files.list(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path plugin = Files.createDirectories(target.resolve("webapp-upgrade"));
        Files.copy(root.resolve("plugin.yaml"), plugin.resolve("plugin.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(TestEnvironment.agentJar(), plugin.resolve("webapp-upgrade-agent.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("blueprint-fragments/webapp_upgrade_workflow.py"),
                plugin.resolve("webapp_upgrade_workflow.py"), StandardCopyOption.REPLACE_EXISTING);
        return target.resolve("blueprint.yaml");
    }
}
