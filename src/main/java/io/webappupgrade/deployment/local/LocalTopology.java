package io.webappupgrade.deployment.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A deployment on this machine described in a small YAML file, shaped like a blueprint's
 * {@code node_templates} with plugin.yaml's types:
 *
 * <pre>
 * deployment: shop                  # optional: the file name without extension
 * state_file: shop.state.json       # optional: beside the topology file
 * node_templates:
 *   lb:
 *     type: webapp_upgrade.nodes.HAProxy
 *     properties: {frontend_port: 8080}
 *   web:
 *     type: webapp_upgrade.nodes.WebApp
 *     instances: 4
 *     properties: {version: '1.0.0', application_url: file:///srv/releases/app-1.0.0.tar.gz}
 *     relationships:
 *       - {type: webapp_upgrade.relationships.behind_haproxy, target: lb}
 * </pre>
 *
 * Instances are named {@code <node>_<n>}. Fixed ports are checked when the file is read: each in
 * range, none given twice.
 */
public record LocalTopology(String deployment, Path stateFile, List<Node> nodes) {

    public record Relationship(String type, String target) {
    }

    public record Node(String id, String type, int instances, Map<String, Object> properties,
            List<Relationship> relationships) {

        public List<String> instanceIds() {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= instances; i++) {
                ids.add(id + "_" + i);
            }
            return ids;
        }
    }

    private static final Set<String> TOP_KEYS = Set.of("deployment", "state_file", "node_templates");
    private static final Set<String> NODE_KEYS = Set.of("type", "instances", "properties", "relationships");

    public LocalTopology {
        nodes = List.copyOf(nodes);
    }

    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + id + "' in the topology"));
    }

    /**
     * Reads and checks a topology file against the plugin's types.
     *
     * @throws IllegalArgumentException naming the file, the place and what is allowed
     */
    public static LocalTopology read(Path file, PluginTypes types) {
        Object doc;
        try (Reader in = Files.newBufferedReader(file)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("topology " + file + " cannot be read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("topology " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        String where = "topology " + file;
        Map<String, Object> top = mapping(doc, where);
        unknownKeys(top, TOP_KEYS, where);
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String deployment = text(top.getOrDefault("deployment", stem), where + ": deployment");
        Path dir = file.toAbsolutePath().getParent();
        Path stateFile = dir.resolve(text(top.getOrDefault("state_file", stem + ".state.json"), where + ": state_file"));
        Map<String, Object> templates = mapping(top.get("node_templates"), where + ": node_templates");
        if (templates.isEmpty()) {
            throw new IllegalArgumentException(where + ": node_templates is empty: describe at least one node");
        }
        List<Node> nodes = new ArrayList<>();
        templates.forEach((id, raw) -> nodes.add(node(id, raw, types, where + ": node_templates." + id)));
        for (Node n : nodes) {
            for (Relationship r : n.relationships()) {
                if (!templates.containsKey(r.target())) {
                    throw new IllegalArgumentException(where + ": node_templates." + n.id() + " relates to '"
                            + r.target() + "', which is not a node here (nodes: " + templates.keySet() + ")");
                }
            }
        }
        TopologyPorts.check(nodes, types, where);
        return new LocalTopology(deployment, stateFile, nodes);
    }

    /**
     * The lock file of this deployment, beside its state file: {@code shop.lock} next to
     * {@code shop.state.json}.
     */
    public Path lockFile() {
        String name = stateFile.getFileName().toString();
        String stem = name.endsWith(".state.json") ? name.substring(0, name.length() - ".state.json".length()) : name;
        return stateFile.resolveSibling(stem + ".lock");
    }

    private static Node node(String id, Object raw, PluginTypes types, String where) {
        if (!id.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException(where + ": a node name starts with a letter and holds letters, digits, _ and -");
        }
        Map<String, Object> def = mapping(raw, where);
        unknownKeys(def, NODE_KEYS, where);
        String type = text(def.get("type"), where + ".type");
        PluginTypes.NodeType nodeType = types.nodeType(type).orElseThrow(() -> new IllegalArgumentException(
                where + ".type '" + type + "' is not a type of plugin.yaml: expected one of " + types.nodeTypeNames()));
        Object count = def.getOrDefault("instances", 1);
        if (!(count instanceof Integer n) || n < 1 || n > 1000) {
            throw new IllegalArgumentException(where + ".instances is '" + count + "': expected a whole number from 1 to 1000");
        }
        Map<String, Object> properties = new LinkedHashMap<>(nodeType.propertyDefaults());
        Map<String, Object> given = mapping(def.getOrDefault("properties", Map.of()), where + ".properties");
        for (String key : given.keySet()) {
            if (!nodeType.propertyDefaults().containsKey(key) && !nodeType.requiredProperties().contains(key)) {
                throw new IllegalArgumentException(where + ".properties has '" + key + "', which " + type
                        + " does not have: expected some of " + allProperties(nodeType));
            }
        }
        properties.putAll(given);
        for (String required : nodeType.requiredProperties()) {
            if (properties.get(required) == null) {
                throw new IllegalArgumentException(where + ".properties." + required + " is required by " + type);
            }
        }
        List<Relationship> relationships = new ArrayList<>();
        Object rawRels = def.getOrDefault("relationships", List.of());
        if (!(rawRels instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ".relationships: expected a list of {type, target}");
        }
        for (Object r : list) {
            Map<String, Object> rel = mapping(r, where + ".relationships[]");
            String relType = text(rel.get("type"), where + ".relationships[].type");
            if (types.relationshipType(relType).isEmpty()) {
                throw new IllegalArgumentException(where + ".relationships[].type '" + relType
                        + "' is not a relationship of plugin.yaml: expected one of " + types.relationshipTypeNames());
            }
            relationships.add(new Relationship(relType, text(rel.get("target"), where + ".relationships[].target")));
        }
        return new Node(id, type, (Integer) count, properties, relationships);
    }

    private static List<String> allProperties(PluginTypes.NodeType type) {
        List<String> all = new ArrayList<>(type.requiredProperties());
        all.addAll(type.propertyDefaults().keySet());
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": expected a mapping");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException(where + ": key '" + key + "' is not text");
            }
        }
        return (Map<String, Object>) map;
    }

    private static String text(Object value, String where) {
        if (value == null || value instanceof Map || value instanceof List || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException(where + ": expected text");
        }
        return String.valueOf(value);
    }

    private static void unknownKeys(Map<String, Object> map, Set<String> allowed, String where) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + " has '" + key + "': expected only " + allowed);
            }
        }
    }
}
