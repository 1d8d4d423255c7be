package io.webappupgrade.deployment.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The node and relationship types of plugin.yaml, read from the same file Cloudify parses, so the
 * embedded mode runs exactly the operations a blueprint would: each operation's agent operation
 * name is the first of its {@code process.args}.
 */
public final class PluginTypes {

    /** The Cloudify types plugin.yaml derives from, with their parents (types.yaml is not bundled). */
    private static final Map<String, String> CLOUDIFY_PARENTS = Map.of(
            "cloudify.nodes.ApplicationModule", "cloudify.nodes.Root",
            "cloudify.nodes.LoadBalancer", "cloudify.nodes.Root",
            "cloudify.nodes.SoftwareComponent", "cloudify.nodes.Root",
            "cloudify.relationships.connected_to", "cloudify.relationships.depends_on");

    /**
     * @param hierarchy  the type and its ancestors, root first
     * @param operations {@code interface.operation} to the agent operation that implements it
     */
    public record NodeType(String name, List<String> hierarchy, Map<String, Object> propertyDefaults,
            List<String> requiredProperties, Map<String, String> operations) {
    }

    /** @param targetOperations {@code interface.operation} to the agent operation run on the target side */
    public record RelationshipType(String name, List<String> hierarchy, Map<String, String> targetOperations) {
    }

    private final Map<String, NodeType> nodeTypes;
    private final Map<String, RelationshipType> relationships;

    private PluginTypes(Map<String, NodeType> nodeTypes, Map<String, RelationshipType> relationships) {
        this.nodeTypes = nodeTypes;
        this.relationships = relationships;
    }

    /** The plugin.yaml bundled in the agent jar. */
    public static PluginTypes bundled() {
        try (InputStream in = PluginTypes.class.getResourceAsStream("/io/webappupgrade/plugin/plugin.yaml")) {
            if (in == null) {
                throw new IllegalStateException("plugin.yaml is missing from the agent jar");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PluginTypes read(InputStream in) {
        Map<String, Object> doc = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        Map<String, Object> rawNodes = map(doc.get("node_types"));
        Map<String, Object> rawRels = map(doc.get("relationships"));
        Map<String, String> parents = new LinkedHashMap<>(CLOUDIFY_PARENTS);
        rawNodes.forEach((name, def) -> parents.put(name, (String) map(def).get("derived_from")));
        rawRels.forEach((name, def) -> parents.put(name, (String) map(def).get("derived_from")));

        Map<String, NodeType> nodes = new LinkedHashMap<>();
        rawNodes.forEach((name, raw) -> {
            Map<String, Object> def = map(raw);
            Map<String, Object> defaults = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            map(def.get("properties")).forEach((p, schema) -> {
                Map<String, Object> s = map(schema);
                if (s.containsKey("default")) {
                    defaults.put(p, s.get("default"));
                } else {
                    required.add(p);
                }
            });
            nodes.put(name, new NodeType(name, hierarchy(name, parents), Collections.unmodifiableMap(defaults),
                    List.copyOf(required), operations(map(def.get("interfaces")))));
        });
        Map<String, RelationshipType> rels = new LinkedHashMap<>();
        rawRels.forEach((name, raw) -> rels.put(name, new RelationshipType(name, hierarchy(name, parents),
                operations(map(map(raw).get("target_interfaces"))))));
        return new PluginTypes(Collections.unmodifiableMap(nodes), Collections.unmodifiableMap(rels));
    }

    public Optional<NodeType> nodeType(String name) {
        return Optional.ofNullable(nodeTypes.get(name));
    }

    public Optional<RelationshipType> relationshipType(String name) {
        return Optional.ofNullable(relationships.get(name));
    }

    public List<String> nodeTypeNames() {
        return List.copyOf(nodeTypes.keySet());
    }

    public List<String> relationshipTypeNames() {
        return List.copyOf(relationships.keySet());
    }

    private static List<String> hierarchy(String type, Map<String, String> parents) {
        List<String> chain = new ArrayList<>();
        for (String t = type; t != null && !chain.contains(t); t = parents.get(t)) {
            chain.add(0, t);
        }
        return List.copyOf(chain);
    }

    private static Map<String, String> operations(Map<String, Object> interfaces) {
        Map<String, String> ops = new LinkedHashMap<>();
        interfaces.forEach((iface, raw) -> map(raw).forEach((op, def) -> agentOperation(def)
                .ifPresent(agentOp -> ops.put(iface + "." + op, agentOp))));
        return Collections.unmodifiableMap(ops);
    }

    private static Optional<String> agentOperation(Object operation) {
        Object process = map(map(map(operation).get("inputs")).get("process")).get("default");
        Object args = map(process).get("args");
        if (args instanceof List<?> list && !list.isEmpty()) {
            return Optional.of(String.valueOf(list.get(0)));
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
