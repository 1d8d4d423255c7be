package io.webappupgrade.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Lays out the source tree {@code wagon create} turns into the webapp-upgrade-plugin wagon:
 * packaging/wagon's setup.py (with the release's version) and launcher package, the licence, the agent jar
 * and the workflows' Python entry (as {@code workflow_entry.py}) inside the package.
 */
final class WagonSource {

    static final String PACKAGE = "webapp_upgrade_plugin";

    private WagonSource() {
    }

    /** Writes the tree to {@code directory}, replacing whatever an earlier build (or pip) left there. */
    static Path stage(ReleaseInputs in, Path directory) {
        Path source = in.projectRoot().resolve("packaging/wagon");
        try {
            deleteTree(directory);
            Path pkg = Files.createDirectories(directory.resolve(PACKAGE));
            Files.write(directory.resolve("setup.py"), BundleLayout.withVersion(source.resolve("setup.py"), in.version()));
            // setuptools puts a LICENSE beside setup.py into the wheel's metadata
            Files.write(directory.resolve("LICENSE"), BundleLayout.read(in.projectRoot().resolve("LICENSE")));
            for (Path f : BundleLayout.regularFiles(source.resolve(PACKAGE))) {
                if (f.getFileName().toString().endsWith(".py")) {
                    Files.write(pkg.resolve(f.getFileName().toString()), BundleLayout.read(f));
                }
            }
            Files.write(pkg.resolve("workflow_entry.py"),
                    BundleLayout.read(in.projectRoot().resolve("blueprint-fragments/webapp_upgrade_workflow.py")));
            Files.write(pkg.resolve("webapp-upgrade-agent.jar"), BundleLayout.read(in.agentJar()));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not lay out the wagon's source in " + directory, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
