package io.webappupgrade.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.testing.BlueprintFolder;
import io.webappupgrade.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plugin.yaml through Cloudify's real DSL parser, from blueprints of both DSL versions it supports. */
class PluginYamlIT {

    @TempDir
    Path work;

    @Test
    void aDsl15BlueprintImportingTheStandardTypesParses() throws Exception {
        JsonNode plan = parse(BlueprintFolder.assemble("example", work.resolve("bp15")));
        assertThat(plan.has("error")).as(plan.toString()).isFalse();
        assertThat(plan.at("/nodes/webapp/type_hierarchy").toString())
                .contains("cloudify.nodes.ApplicationModule", "webapp_upgrade.nodes.WebApp");
        assertThat(plan.at("/nodes/webapp/operations").toString())
                .contains("webapp_upgrade.upgrade", "webapp_upgrade.rollback", "cloudify.interfaces.lifecycle.start");
        assertThat(plan.at("/nodes/haproxy/operations").toString())
                .contains("haproxy_backends.add_backend", "haproxy_backends.remove_backend",
                        "haproxy_backends.add_backends", "haproxy_backends.remove_backends",
                        "haproxy_backends.list_servers");
        assertThat(plan.at("/workflows/webapp_upgrade").toString())
                .contains("version", "url", "percentage", "delay", "pause", "batch_size", "max_failures",
                        "auto_rollback", "drain_timeout", "lb_relationship", "min_serving", "node_ids", "instance_ids",
                        "dry_run");
        assertThat(plan.at("/workflows/webapp_rollback").toString()).contains("percentage", "min_serving")
                .doesNotContain("\"url\"");
    }

    @Test
    void aDsl14BlueprintImportingTypes14Parses() throws Exception {
        Path bp = BlueprintFolder.assemble("example", work.resolve("bp14"));
        String text = Files.readString(bp).replace("cloudify_dsl_1_5", "cloudify_dsl_1_4")
                .replace("cloudify/7.0.4/types.yaml", "cloudify/7.0.4/types_1_4.yaml");
        Files.writeString(bp, text);
        JsonNode plan = parse(bp);
        assertThat(plan.has("error")).as(plan.toString()).isFalse();
        assertThat(plan.at("/nodes/webapp/operations").toString()).contains("webapp_upgrade.upgrade");
    }

    private static JsonNode parse(Path blueprint) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(TestEnvironment.python().toString(),
                TestEnvironment.testPython("parse_blueprint.py").toString(), blueprint.toString());
        TestEnvironment.specDir().ifPresent(d -> pb.environment().put("CLOUDIFY_SPEC_DIR", d.toString()));
        pb.redirectErrorStream(false);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String[] lines = out.strip().split("\n");
        assertThat(lines[lines.length - 1]).as("parser output; stderr: %s", err).startsWith("{");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
