package io.webappupgrade.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.agent.OperationSpec;
import io.webappupgrade.deployment.local.PluginTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** plugin.yaml and the agent agree: every operation the file names, the jar runs, of the right kind. */
class PluginTypesTest {

    private final PluginTypes types = PluginTypes.bundled();
    private final OperationRegistry registry = AgentOperations.registry("test");

    @Test
    void everyNodeOperationOfPluginYamlIsANodeOperationOfTheAgent() {
        List<String> problems = new ArrayList<>();
        for (String name : types.nodeTypeNames()) {
            types.nodeType(name).orElseThrow().operations().forEach((op, agentOp) -> {
                var spec = registry.find(agentOp);
                if (spec.isEmpty() || spec.get().relationship()) {
                    problems.add(name + " " + op + " -> " + agentOp);
                }
            });
        }
        assertThat(problems).isEmpty();
        assertThat(types.nodeType("webapp_upgrade.nodes.WebApp").orElseThrow().operations())
                .containsEntry("webapp_upgrade.upgrade", "webapp.upgrade")
                .containsEntry("cloudify.interfaces.lifecycle.configure", "webapp.configure");
    }

    @Test
    void theRelationshipRunsTheAgentsRelationshipOperationsOnTheTargetSide() {
        var rel = types.relationshipType("webapp_upgrade.relationships.behind_haproxy").orElseThrow();
        assertThat(rel.hierarchy()).endsWith("cloudify.relationships.connected_to",
                "webapp_upgrade.relationships.behind_haproxy");
        assertThat(rel.targetOperations())
                .containsEntry("cloudify.interfaces.relationship_lifecycle.establish", "haproxy.establish")
                .containsEntry("cloudify.interfaces.relationship_lifecycle.unlink", "haproxy.unlink");
        rel.targetOperations().values().forEach(op ->
                assertThat(registry.find(op)).get().extracting(OperationSpec::relationship).isEqualTo(true));
    }

    @Test
    void everyAgentOperationIsReachableFromPluginYaml() {
        List<String> named = new ArrayList<>();
        types.nodeTypeNames().forEach(n -> named.addAll(types.nodeType(n).orElseThrow().operations().values()));
        types.relationshipTypeNames().forEach(r -> named.addAll(types.relationshipType(r).orElseThrow().targetOperations().values()));
        assertThat(named).containsAll(registry.all().stream().map(OperationSpec::name).toList());
    }
}
