package io.webappupgrade.packaging;

import io.webappupgrade.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;

/** The release this build made ({@code mvn package}), where the end-to-end tests find it. */
final class ReleaseArtifacts {

    private ReleaseArtifacts() {
    }

    static Path bundle() {
        String configured = System.getProperty("release.bundle");
        if (configured == null) {
            throw new IllegalStateException("system property release.bundle is not set (the failsafe configuration sets it)");
        }
        Path bundle = Path.of(configured).toAbsolutePath();
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalStateException("missing the release bundle " + bundle + "; build it with 'mvn package'");
        }
        return bundle;
    }

    /** {@code webapp-upgrade-<version>}, the bundle's top folder. */
    static String topDirectory() {
        String name = bundle().getFileName().toString();
        return name.substring(0, name.length() - ".tar.gz".length());
    }

    static Path projectRoot() {
        return TestEnvironment.projectRoot();
    }
}
