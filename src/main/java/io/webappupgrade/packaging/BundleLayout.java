package io.webappupgrade.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the release bundle holds, under {@code webapp-upgrade-<version>/}:
 * <pre>
 *   README.md, LICENSE
 *   webapp-upgrade/plugin.yaml                  the types a blueprint imports (script plugin + jar)
 *   webapp-upgrade/webapp-upgrade-agent.jar     the agent
 *   webapp-upgrade/webapp_upgrade_workflow.py   the workflows' Python entry
 *   example/blueprint.yaml                      the example (put webapp-upgrade/ beside it)
 *   wagon/plugin.yaml                           the same types for the webapp-upgrade-plugin wagon
 * </pre>
 */
final class BundleLayout {

    /** Stands for the release's version in the files that name it (the wagon's plugin.yaml, setup.py). */
    static final String VERSION_TOKEN = "@VERSION@";

    private BundleLayout() {
    }

    static String topDirectory(String version) {
        return "webapp-upgrade-" + version;
    }

    /** The bundle's files, archive path to content, read from the project and the agent jar. */
    static SortedMap<String, byte[]> files(ReleaseInputs in) {
        Path root = in.projectRoot();
        String top = topDirectory(in.version()) + "/";
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put(top + "README.md", read(root.resolve("README.md")));
        files.put(top + "LICENSE", read(root.resolve("LICENSE")));
        files.put(top + "webapp-upgrade/plugin.yaml", read(root.resolve("plugin.yaml")));
        files.put(top + "webapp-upgrade/webapp-upgrade-agent.jar", read(in.agentJar()));
        files.put(top + "webapp-upgrade/webapp_upgrade_workflow.py",
                read(root.resolve("blueprint-fragments/webapp_upgrade_workflow.py")));
        for (Path f : regularFiles(root.resolve("blueprint-fragments/example"))) {
            files.put(top + "example/" + f.getFileName(), read(f));
        }
        files.put(top + "wagon/plugin.yaml", withVersion(root.resolve("packaging/wagon/plugin.yaml"), in.version()));
        return files;
    }

    static byte[] withVersion(Path file, String version) {
        String text = new String(read(file), StandardCharsets.UTF_8);
        if (!text.contains(VERSION_TOKEN)) {
            throw new IllegalStateException(file + " does not name the release's version with " + VERSION_TOKEN);
        }
        return text.replace(VERSION_TOKEN, version).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the release needs " + file + ", which is not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** The regular files directly in {@code dir}, by name (the example is one flat folder). */
    static List<Path> regularFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the release needs the folder " + dir);
        }
        try (var listing = Files.list(dir)) {
            List<Path> files = new ArrayList<>(listing.filter(Files::isRegularFile).toList());
            files.sort(null);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }
}
