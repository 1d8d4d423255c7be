package io.webappupgrade.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the end-to-end tests find what README's test command prepared: the agent jar, the
 * Python venv with cloudify-common, and Cloudify's types.yaml for offline parsing.
 * A missing piece fails the test with what to run, rather than skipping it.
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
    }

    public static Path agentJar() {
        Path jar = Path.of(System.getProperty("agent.jar", "target/webapp-upgrade-agent.jar")).toAbsolutePath();
        return require(jar, "the agent jar; build it with 'mvn package'");
    }

    public static Path venv() {
        Path venv = Path.of(System.getProperty("cloudify.venv", ".venv")).toAbsolutePath();
        require(venv.resolve("bin/python"), "the Python venv with cloudify-common 7.0.5; make it with scripts/setup.sh tests");
        return venv;
    }

    public static Path python() {
        return venv().resolve("bin/python");
    }

    /** Cloudify's own types.yaml folder: $CLOUDIFY_SPEC_DIR, else ../shared/spec beside the project. */
    public static Optional<Path> specDir() {
        String fromEnv = System.getenv("CLOUDIFY_SPEC_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv).toAbsolutePath());
        }
        Path beside = projectRoot().resolve("../shared/spec").normalize();
        return Files.isDirectory(beside) ? Optional.of(beside) : Optional.empty();
    }

    public static Path testPython(String script) {
        return require(projectRoot().resolve("src/test/python").resolve(script), "test helper " + script);
    }

    private static Path require(Path path, String what) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing " + what + " (looked at " + path + ")");
        }
        return path;
    }
}
