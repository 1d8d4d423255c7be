package io.webappupgrade.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cloudify's own {@code cfy} command (cloudify 7.0.5) in local mode, as a user runs it, with its
 * work directory in the test's folder and the standard types.yaml import resolved offline.
 */
public final class CfyCli {

    private final Path workdir;

    public record Run(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public CfyCli(Path workdir) throws IOException {
        this.workdir = workdir;
        Files.createDirectories(workdir);
        Run init = run(Duration.ofMinutes(1), "init");
        if (!init.ok()) {
            throw new AssertionError("cfy init failed:\n" + init.output());
        }
        Path config = workdir.resolve(".cloudify/config.yaml");
        var spec = TestEnvironment.specDir();
        if (spec.isPresent()) {
            Files.writeString(config, Files.readString(config) + "\nimport_resolver:\n  parameters:\n    rules:\n"
                    + "      - {'https://cloudify.co/spec': 'file://" + spec.get() + "'}\n");
        }
    }

    /** Where cfy keeps its local deployments, for reading their runtime properties. */
    public Path localStorage() {
        return workdir.resolve(".cloudify/profiles/local");
    }

    public Run run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(TestEnvironment.venv().resolve("bin/cfy").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CFY_WORKDIR", workdir.toString());
        pb.environment().put("PATH", TestEnvironment.venv().resolve("bin") + ":" + System.getenv("PATH"));
        try {
            Path out = Files.createTempFile("cfy", ".out");
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cfy " + String.join(" ", args) + " did not finish in " + timeout);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            return new Run(p.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("could not run cfy: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
