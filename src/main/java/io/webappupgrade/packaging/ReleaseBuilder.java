package io.webappupgrade.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what a release publishes from one build: {@code webapp-upgrade-<version>.tar.gz} (see
 * {@link BundleLayout}), its {@code .sha256}, and {@code wagon-source/}, the tree
 * packaging/build-wagon.sh turns into the plugin wagon. Two builds of the same commit give
 * byte-identical bundles. Maven runs it in the package phase, after the agent jar is shaded:
 * <pre>
 *   ReleaseBuilder --project-root DIR --agent-jar JAR --version V --timestamp T --output DIR
 * </pre>
 */
public final class ReleaseBuilder {

    /** The files one build produced. */
    public record Release(Path bundle, Path checksum, Path wagonSource) {
    }

    private static final List<String> OPTIONS = List.of("--project-root", "--agent-jar", "--version", "--timestamp",
            "--output");

    private ReleaseBuilder() {
    }

    public static Release build(ReleaseInputs in) {
        try {
            Files.createDirectories(in.outputDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + in.outputDirectory(), e);
        }
        Path bundle = in.outputDirectory().resolve(BundleLayout.topDirectory(in.version()) + ".tar.gz");
        new ReproducibleTarGz(in.timestamp()).write(BundleLayout.files(in), bundle);
        Path checksum = Sha256File.writeBeside(bundle);
        Path wagonSource = WagonSource.stage(in, in.outputDirectory().resolve("wagon-source"));
        return new Release(bundle, checksum, wagonSource);
    }

    public static void main(String[] args) {
        Release release = build(parse(args));
        System.out.println("release bundle " + release.bundle() + " (sha256 " + Sha256File.digest(release.bundle())
                + "); wagon source " + release.wagonSource());
    }

    static ReleaseInputs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("argument '" + args[i] + "' is not allowed: give each of "
                        + String.join(", ", OPTIONS) + " once, each followed by its value");
            }
            values.put(args[i], args[i + 1]);
        }
        for (String option : OPTIONS) {
            if (!values.containsKey(option)) {
                throw new IllegalArgumentException("option " + option + " is missing: give each of "
                        + String.join(", ", OPTIONS) + " once, each followed by its value");
            }
        }
        return new ReleaseInputs(Path.of(values.get("--project-root")), Path.of(values.get("--agent-jar")),
                values.get("--version"), ReleaseInputs.parseTimestamp(values.get("--timestamp")),
                Path.of(values.get("--output")));
    }
}
