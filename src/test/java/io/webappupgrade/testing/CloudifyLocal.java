package io.webappupgrade.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Cloudify local mode (cloudify-common's local workflow engine, DSL parser and script
 * plugin), driven through src/test/python/cfy_local.py, one process per call as a user's
 * {@code cfy} would be.
 */
public final class CloudifyLocal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path storage;
    private final String name;
    private final Map<String, String> extraEnv;
    private final Path venv;

    public CloudifyLocal(Path storage, String name, Map<String, String> extraEnv) {
        this(storage, name, extraEnv, null);
    }

    /** Local mode run by another Python venv with cloudify-common (for example one a plugin was installed into). */
    public CloudifyLocal(Path storage, String name, Map<String, String> extraEnv, Path venv) {
        this.storage = storage;
        this.name = name;
        this.extraEnv = extraEnv;
        this.venv = venv;
    }

    /**
     * @param log what Cloudify printed on the way: its events and log lines, then stderr
     */
    public record Result(int exitCode, JsonNode json, String log) {
        public boolean ok() {
            return exitCode == 0;
        }

        public JsonNode instance(String nodeId) {
            for (JsonNode i : json.path("instances")) {
                if (i.path("node_id").asText().equals(nodeId)) {
                    return i;
                }
            }
            throw new AssertionError("no instance of node " + nodeId + " in " + json);
        }

        public List<JsonNode> instances(String nodeId) {
            List<JsonNode> out = new ArrayList<>();
            json.path("instances").forEach(i -> {
                if (i.path("node_id").asText().equals(nodeId)) {
                    out.add(i);
                }
            });
            return out;
        }
    }

    public Result init(Path blueprint, Map<String, ?> inputs) {
        return call(Duration.ofMinutes(2), "init", blueprint.toString(), "--inputs", toJson(inputs));
    }

    public Result execute(String workflow, Map<String, ?> params, int retries) {
        return call(Duration.ofMinutes(10), "execute", workflow, "--params", toJson(params), "--retries",
                String.valueOf(retries));
    }

    public Result instances() {
        return call(Duration.ofMinutes(1), "instances");
    }

    private Result call(Duration timeout, String... args) {
        Path python = venv == null ? TestEnvironment.python() : venv.resolve("bin/python");
        List<String> command = new ArrayList<>(List.of(python.toString(),
                TestEnvironment.testPython("cfy_local.py").toString(), "--storage", storage.toString(), "--name", name));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Path venvBin = python.getParent();
        pb.environment().put("PATH", venvBin + ":" + System.getenv("PATH"));
        TestEnvironment.specDir().ifPresent(d -> pb.environment().put("CLOUDIFY_SPEC_DIR", d.toString()));
        pb.environment().putAll(extraEnv);
        try {
            Path out = Files.createTempFile("cfy-local", ".out");
            Path err = Files.createTempFile("cfy-local", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cfy_local " + String.join(" ", args) + " did not finish in " + timeout
                        + "; stderr:\n" + tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            String last = lastLine(stdout);
            if (last.isEmpty()) {
                throw new AssertionError("cfy_local " + String.join(" ", args) + " printed no result (exit "
                        + p.exitValue() + "); stderr:\n" + tail(stderr));
            }
            return new Result(p.exitValue(), JSON.readTree(last), stdout.substring(0, stdout.lastIndexOf(last)) + stderr);
        } catch (IOException e) {
            throw new AssertionError("could not run cfy_local: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
