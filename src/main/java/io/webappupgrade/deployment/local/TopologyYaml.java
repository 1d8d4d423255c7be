package io.webappupgrade.deployment.local;

import io.webappupgrade.deployment.DeploymentOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a local topology file, the format {@link LocalTopology} reads: one HAProxy node and web
 * app nodes behind it. Properties are written in the map's order; text (paths and URLs too) is
 * single-quoted, so no value is read back as another type.
 */
public final class TopologyYaml {

    /** The relationship that puts a web app behind an HAProxy node. */
    static final String BEHIND_HAPROXY = "webapp_upgrade.relationships.behind_haproxy";

    private final List<String> header = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private final String deployment;

    private TopologyYaml(String deployment) {
        this.deployment = deployment;
    }

    /** A topology whose deployment is named after its file. */
    public static TopologyYaml named() {
        return new TopologyYaml(null);
    }

    /** A topology with a {@code deployment:} name of its own. */
    public static TopologyYaml deployment(String name) {
        return new TopologyYaml(name);
    }

    /** A comment line at the top of the file. */
    public TopologyYaml comment(String line) {
        header.add("# " + line);
        return this;
    }

    public TopologyYaml haproxy(String node, Map<String, ?> properties) {
        nodes.add("  " + node + ":\n    type: " + DeploymentOperations.HAPROXY_TYPE + "\n" + properties(properties));
        return this;
    }

    /** {@code instances} web app instances behind the HAProxy node {@code lbNode}. */
    public TopologyYaml webapps(String node, int instances, Map<String, ?> properties, String lbNode) {
        nodes.add("  " + node + ":\n    type: " + DeploymentOperations.WEBAPP_TYPE + "\n    instances: " + instances
                + "\n" + properties(properties)
                + "    relationships:\n      - type: " + BEHIND_HAPROXY + "\n        target: " + lbNode + "\n");
        return this;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line).append('\n'));
        if (deployment != null) {
            out.append("deployment: ").append(quoted(deployment)).append('\n');
        }
        out.append("node_templates:\n");
        nodes.forEach(out::append);
        return out.toString();
    }

    public Path writeTo(Path file) {
        try {
            Files.writeString(file, text());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the topology " + file + ": " + e.getMessage(), e);
        }
    }

    private static String properties(Map<String, ?> properties) {
        if (properties.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("    properties:\n");
        properties.forEach((key, value) -> out.append("      ").append(key).append(": ").append(value(key, value)).append('\n'));
        return out.toString();
    }

    private static String value(String key, Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof String || value instanceof Path || value instanceof URI) {
            String text = String.valueOf(value);
            if (text.contains("\n") || text.contains("\r")) {
                throw new IllegalArgumentException("topology property '" + key + "' has a line break: allowed is one line");
            }
            return quoted(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> value(key, item)).collect(Collectors.joining(", ", "[", "]"));
        }
        throw new IllegalArgumentException("topology property '" + key + "' is "
                + (value == null ? "null" : value instanceof Map ? "a mapping" : "a " + value.getClass().getSimpleName())
                + ": allowed are text, a path, a URL, a number, true/false or a list of them");
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
