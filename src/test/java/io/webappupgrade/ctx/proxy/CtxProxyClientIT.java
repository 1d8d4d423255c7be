package io.webappupgrade.ctx.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.testing.CloudifyLocal;
import io.webappupgrade.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ctx proxy client against the real thing: cloudify-common 7.0.5's local workflow engine
 * runs {@link CtxProtocolProbe} through its script plugin and HTTPCtxProxy, once per kind of call.
 */
class CtxProxyClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static JsonNode results;
    private static Path reports;
    private static CloudifyLocal.Result afterRun;

    @BeforeAll
    static void runProbesInCloudifyLocalMode() throws Exception {
        Path blueprint = work.resolve("blueprint");
        copyTree(TestEnvironment.projectRoot().resolve("src/test/resources/ctx-protocol"), blueprint);
        reports = Files.createDirectories(work.resolve("reports"));
        String classpath = TestEnvironment.agentJar() + ":" + TestEnvironment.projectRoot().resolve("target/test-classes");
        String prefix = "java -XX:TieredStopAtLevel=1 -cp " + classpath + " " + CtxProtocolProbe.class.getName();
        CloudifyLocal cfy = new CloudifyLocal(work.resolve("storage"), "probe", Map.of());
        CloudifyLocal.Result init = cfy.init(blueprint.resolve("blueprint.yaml"),
                Map.of("probe_prefix", prefix, "report_dir", reports.toString()));
        assertThat(init.ok()).as("init: %s %s", init.json(), init.log()).isTrue();
        Path out = work.resolve("results.json");
        CloudifyLocal.Result run = cfy.execute("probe", Map.of("out", out.toString()), 2);
        assertThat(run.ok()).as("probe workflow: %s %s", run.json(), run.log()).isTrue();
        results = JSON.readTree(out.toFile());
        afterRun = cfy.instances();
    }

    private static JsonNode report(String scenario, int attempt) throws IOException {
        return JSON.readTree(reports.resolve(scenario + "-" + attempt + ".json").toFile());
    }

    @Test
    void readsIdsPropertiesAndInputs() throws Exception {
        JsonNode rw = report("rw", 0);
        assertThat(results.at("/rw/ok").asBoolean()).as(results.toString()).isTrue();
        assertThat(rw.path("node_id").asText()).isEqualTo("app");
        assertThat(rw.path("instance_id").asText()).startsWith("app_");
        assertThat(rw.path("deployment_id").asText()).isEqualTo("probe");
        assertThat(rw.path("port").asInt()).isEqualTo(8080);
        assertThat(rw.at("/nested/a/1").asInt()).isEqualTo(2);
        assertThat(rw.at("/nested/b/c").asBoolean()).isTrue();
        assertThat(rw.path("input_scenario").asText()).isEqualTo("rw");
        assertThat(rw.path("exit_code").asInt()).isZero();
    }

    @Test
    void writesRuntimePropertiesThatCloudifyPersists() {
        JsonNode props = instanceOf("app").path("runtime_properties");
        assertThat(props.path("app_version").asText()).isEqualTo("1.0.0");
        assertThat(props.at("/releases/0/version").asText()).isEqualTo("1.0.0");
        assertThat(props.path("dotted.key").asText()).isEqualTo("kept as written");
        assertThat(props.path("items").asText()).isEqualTo("a key named like a dict method");
        assertThat(props.has("to_remove")).isFalse();
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        JsonNode readBack = report("rw", 0).path("read_back");
        assertThat(readBack.path("app_version").asText()).isEqualTo("1.0.0");
        assertThat(readBack.has("to_remove")).isFalse();
    }

    @Test
    void downloadsABinaryResourceIntact() throws Exception {
        byte[] original = Files.readAllBytes(TestEnvironment.projectRoot().resolve("src/test/resources/ctx-protocol/resource.bin"));
        JsonNode rw = report("rw", 0);
        assertThat(rw.path("download_size").asInt()).isEqualTo(original.length);
        assertThat(rw.path("download_sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
    }

    @Test
    void returnsADictAndAString() {
        assertThat(results.at("/returns_dict/value/version").asText()).isEqualTo("2.1.0");
        assertThat(results.at("/returns_dict/value/ports/1").asInt()).isEqualTo(2);
        assertThat(results.at("/returns_text/value").asText()).isEqualTo("done");
    }

    @Test
    void turnsErrorRepliesIntoTypedExceptions() throws Exception {
        JsonNode error = report("error", 0);
        assertThat(error.path("error_type").asText()).isEqualTo("RuntimeError");
        assertThat(error.path("error_message").asText()).contains("illegal path: no.such.path");
        assertThat(error.path("has_traceback").asBoolean()).isTrue();
        assertThat(error.path("unknown_attr_message").asText()).contains("no_such_attribute");
        assertThat(results.at("/error/ok").asBoolean()).isTrue();
    }

    @Test
    void abortIsNonRecoverableInCloudify() throws Exception {
        assertThat(results.at("/abort/ok").asBoolean()).isFalse();
        assertThat(results.at("/abort/error_type").asText()).isEqualTo("NonRecoverableError");
        assertThat(results.at("/abort/error").asText()).contains("release 9.9 never became healthy");
        assertThat(report("abort", 0).path("exit_code").asInt()).isEqualTo(3);
        // non-recoverable: no second attempt although the workflow allows 2 retries
        assertThat(reports.resolve("abort-1.json")).doesNotExist();
    }

    @Test
    void retryAfterRunsTheOperationAgain() throws Exception {
        assertThat(report("retry", 0).path("exit_code").asInt()).isEqualTo(4);
        assertThat(report("retry", 1).path("exit_code").asInt()).isZero();
        assertThat(results.at("/retry/ok").asBoolean()).isTrue();
        assertThat(instanceOf("app").at("/runtime_properties/retry_attempt_1").asBoolean()).isTrue();
    }

    @Test
    void anUnexpectedExceptionIsARecoverableFailure() throws Exception {
        assertThat(results.at("/crash/ok").asBoolean()).isFalse();
        assertThat(results.at("/crash/error_type").asText()).isNotEqualTo("NonRecoverableError");
        // recoverable: Cloudify ran it again (retries = 2)
        assertThat(report("crash", 0).path("exit_code").asInt()).isEqualTo(1);
        assertThat(report("crash", 2).path("exit_code").asInt()).isEqualTo(1);
    }

    @Test
    void relationshipOperationsSeeSourceAndTarget() throws Exception {
        JsonNode rel = report("relationship", 0);
        assertThat(results.at("/relationship/ok").asBoolean()).as(results.toString()).isTrue();
        assertThat(rel.path("source_node").asText()).isEqualTo("app");
        assertThat(rel.path("target_node").asText()).isEqualTo("lb");
        assertThat(rel.path("target_port").asInt()).isEqualTo(9000);
        assertThat(rel.path("instance_in_relationship_op").asText()).contains("use source() or target()");
        String source = rel.path("source_instance").asText();
        assertThat(instanceOf("lb").at("/runtime_properties/backends/" + source + "/port").asInt()).isEqualTo(8080);
        assertThat(report("rw", 0).path("source_in_node_op").asText()).contains("use instance()");
    }

    private static JsonNode instanceOf(String node) {
        return afterRun.instance(node);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
