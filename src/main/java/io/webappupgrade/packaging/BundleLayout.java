package io.webappupgrade.packaging;

import io.webappupgrade.sampleapp.SampleRelease;
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
 *   bin/webapp-upgrade                          the command line, started from a per-user class-data archive
 *   example/                                    a complete blueprint folder, runnable where it is unpacked:
 *     blueprint.yaml                            the example
 *     webapp-upgrade/plugin.yaml                the types a blueprint imports (script plugin + jar)
 *     webapp-upgrade/webapp-upgrade-agent.jar   the agent
 *     webapp-upgrade/webapp_upgrade_workflow.py the workflows' Python entry
 *     releases/app-1.0.0.tar.gz, app-2.0.0.tar.gz  the sample app's two releases
 *   wagon/plugin.yaml                           the same types for the webapp-upgrade-plugin wagon,
 *                                               generated from plugin.yaml (see WagonPluginYaml)
 * </pre>
 * The blueprint's imports and script paths are relative to its folder, so the plugin folder sits
 * inside {@code example/}: {@code cfy install example/blueprint.yaml} works from the unpacked folder.
 */
final class BundleLayout {

    /** Stands for the release's version in the files that name it (the wagon's plugin.yaml, setup.py). */
    static final String VERSION_TOKEN = "@VERSION@";

    /** The bundle's runnable blueprint folder. */
    static final String EXAMPLE = "example";

    /** The sample app's releases the example installs and upgrades to. */
    static final List<String> SAMPLE_VERSIONS = List.of("1.0.0", "2.0.0");

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
        files.put(top + "bin/webapp-upgrade", read(root.resolve("packaging/bin/webapp-upgrade")));
        String example = top + EXAMPLE + "/";
        files.put(example + "webapp-upgrade/plugin.yaml", read(root.resolve("plugin.yaml")));
        files.put(example + "webapp-upgrade/webapp-upgrade-agent.jar", read(in.agentJar()));
        files.put(example + "webapp-upgrade/webapp_upgrade_workflow.py",
                read(root.resolve("blueprint-fragments/webapp_upgrade_workflow.py")));
        for (Path f : regularFiles(root.resolve("blueprint-fragments/example"))) {
            files.put(example + f.getFileName(), read(f));
        }
        ReproducibleTarGz releases = new ReproducibleTarGz(in.timestamp());
        for (String version : SAMPLE_VERSIONS) {
            files.put(example + "releases/app-" + version + ".tar.gz", releases.bytes(sampleRelease(version)));
        }
        files.put(top + "wagon/plugin.yaml", wagonPluginYaml(root, in.version()));
        return files;
    }

    /** The sample app's files for {@code version}, as {@link SampleRelease} writes them. */
    static SortedMap<String, byte[]> sampleRelease(String version) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("server.js", SampleRelease.serverJs().getBytes(StandardCharsets.UTF_8));
        files.put("VERSION", (version + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The wagon's plugin.yaml: plugin.yaml under packaging/wagon/plugin-header.yaml, with the release's version. */
    static byte[] wagonPluginYaml(Path root, String version) {
        Path header = root.resolve("packaging/wagon/plugin-header.yaml");
        String text = WagonPluginYaml.from(text(root.resolve("plugin.yaml")), text(header));
        return withVersion(text, header, version);
    }

    static byte[] withVersion(Path file, String version) {
        return withVersion(text(file), file, version);
    }

    /** {@code text} (read from {@code source}) with the release's version in place of VERSION_TOKEN. */
    private static byte[] withVersion(String text, Path source, String version) {
        if (!text.contains(VERSION_TOKEN)) {
            throw new IllegalStateException(source + " does not name the release's version with " + VERSION_TOKEN);
        }
        return text.replace(VERSION_TOKEN, version).getBytes(StandardCharsets.UTF_8);
    }

    static String text(Path file) {
        return new String(read(file), StandardCharsets.UTF_8);
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
