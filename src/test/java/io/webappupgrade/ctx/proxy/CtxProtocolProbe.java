package io.webappupgrade.ctx.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.json.JsonValues;
import io.webappupgrade.agent.AgentRunner;
import io.webappupgrade.agent.OperationSpec;
import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.OperationContext;
import io.webappupgrade.ctx.OperationInputs;
import io.webappupgrade.ctx.RecoverableError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run by Cloudify's real script plugin in local mode (see ctx-protocol/blueprint.yaml): exercises
 * one kind of ctx call per scenario through {@link ProxyOperationContext} and {@link AgentRunner},
 * and writes what it saw to {@code <report_dir>/<scenario>.json} for the test to check.
 */
public final class CtxProtocolProbe {

    private static final Logger log = LoggerFactory.getLogger(CtxProtocolProbe.class);

    private final Map<String, Object> report = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> env = System.getenv();
        String scenario = env.get("scenario");
        Path reportDir = Path.of(env.get("report_dir"));
        CtxProbeResult result = new CtxProtocolProbe().run(scenario, env, new JsonValues());
        json.writeValue(reportDir.resolve(scenario + "-" + result.attempt() + ".json").toFile(), result.report());
        System.exit(result.exitCode());
    }

    record CtxProbeResult(int attempt, int exitCode, Map<String, Object> report) {
    }

    private CtxProbeResult run(String scenario, Map<String, String> env, JsonValues json) throws Exception {
        CtxProxyClient client = CtxProxyClient.connect(env.get("CTX_SOCKET_URL"), Duration.ofSeconds(30), json);
        boolean relationship = scenario.equals("relationship");
        int attempt = relationship ? 0 : ((Number) client.call("operation", "retry_number")).intValue();
        ProxyOperationContext ctx = new ProxyOperationContext(client, relationship,
                OperationInputs.fromEnvironment(env, List.of("scenario", "report_dir"), json));
        OperationSpec spec = new OperationSpec("probe." + scenario, relationship, List.of(), "probe",
                c -> body(scenario, c, client, attempt));
        int code = new AgentRunner().run(spec, ctx).code();
        report.put("exit_code", code);
        return new CtxProbeResult(attempt, code, report);
    }

    private void body(String scenario, OperationContext ctx, CtxProxyClient client, int attempt) throws Exception {
        switch (scenario) {
            case "rw" -> readWrite(ctx);
            case "returns_dict" -> ctx.returns(Map.of("version", "2.1.0", "ports", List.of(1, 2)));
            case "returns_text" -> ctx.returns("done");
            case "error" -> {
                try {
                    client.call("node", "properties", "no.such.path");
                } catch (CtxErrorReplyException e) {
                    report.put("error_type", e.errorType());
                    report.put("error_message", e.getMessage());
                    report.put("has_traceback", !e.traceback().isEmpty());
                }
                try {
                    client.call("no_such_attribute");
                } catch (CtxErrorReplyException e) {
                    report.put("unknown_attr_message", e.getMessage());
                }
            }
            case "retry" -> {
                ctx.instance().runtimeProperties().put("retry_attempt_" + attempt, true);
                if (attempt == 0) {
                    throw new RecoverableError("not yet", Duration.ofSeconds(1), null);
                }
            }
            case "abort" -> {
                report.put("before_abort", true);
                throw new NonRecoverableError("release 9.9 never became healthy");
            }
            case "crash" -> throw new IllegalStateException("boom");
            case "relationship" -> relationship(ctx);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    private void readWrite(OperationContext ctx) throws Exception {
        NodeInstanceContext me = ctx.instance();
        report.put("node_id", me.nodeId());
        report.put("instance_id", me.instanceId());
        report.put("deployment_id", ctx.deploymentId());
        report.put("port", me.properties().integer("port", -1));
        report.put("nested", me.properties().asMap().get("nested"));
        report.put("input_scenario", ctx.inputs().string("scenario").orElse(null));
        me.runtimeProperties().put("app_version", "1.0.0");
        me.runtimeProperties().put("releases", List.of(Map.of("version", "1.0.0", "path", "/x")));
        me.runtimeProperties().put("dotted.key", "kept as written");
        me.runtimeProperties().put("items", "a key named like a dict method");
        me.runtimeProperties().put("to_remove", 1);
        me.runtimeProperties().remove("to_remove");
        me.runtimeProperties().persist();
        report.put("read_back", me.runtimeProperties().read().asMap());
        log.info("probe info line");
        log.warn("probe warning line");
        Path target = Files.createTempFile("probe", ".bin");
        Path got = ctx.downloadResource("resource.bin", target);
        byte[] bytes = Files.readAllBytes(got);
        report.put("download_size", bytes.length);
        report.put("download_sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        Files.deleteIfExists(got);
        try {
            ctx.source();
        } catch (IllegalStateException e) {
            report.put("source_in_node_op", e.getMessage());
        }
    }

    private void relationship(OperationContext ctx) {
        report.put("source_node", ctx.source().nodeId());
        report.put("source_instance", ctx.source().instanceId());
        report.put("target_node", ctx.target().nodeId());
        report.put("target_port", ctx.target().properties().integer("port", -1));
        ctx.target().runtimeProperties().put("backends", Map.of(ctx.source().instanceId(), Map.of("port", 8080)));
        ctx.source().runtimeProperties().put("linked_to", ctx.target().instanceId());
        try {
            ctx.instance();
        } catch (IllegalStateException e) {
            report.put("instance_in_relationship_op", e.getMessage());
        }
    }
}
