package io.webappupgrade.deployment.local;

import io.webappupgrade.deployment.DeploymentOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fixed ports of a topology, checked when it is loaded, before anything starts: each in its
 * range, and no two listeners given the same address and port. Two app instances on one fixed
 * port would both "install" (the second health check is answered by the first app), and an app
 * on HAProxy's frontend port would take its users.
 */
final class TopologyPorts {

    /** One listener a node asks for: {@code count} listeners when the node has several instances. */
    record Listener(String node, String property, String address, int port, int count) {

        String describe() {
            return "node_templates." + node + ".properties." + property + " (" + address + ":" + port + ")";
        }

        boolean overlaps(Listener other) {
            return port == other.port && (address.equals(other.address) || wildcard(address) || wildcard(other.address));
        }

        private static boolean wildcard(String address) {
            return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
        }
    }

    private TopologyPorts() {
    }

    /** @throws IllegalArgumentException naming the node(s), the property and the port */
    static void check(List<LocalTopology.Node> nodes, PluginTypes types, String where) {
        List<Listener> fixed = new ArrayList<>();
        for (LocalTopology.Node node : nodes) {
            List<String> hierarchy = types.nodeType(node.type()).map(PluginTypes.NodeType::hierarchy).orElse(List.of());
            Map<String, Object> p = node.properties();
            if (hierarchy.contains(DeploymentOperations.WEBAPP_TYPE)) {
                int port = port(p, "port", 0, where, node);
                if (port != 0) {
                    fixed.add(new Listener(node.id(), "port", address(p, "address", "127.0.0.1"), port, node.instances()));
                }
            }
            if (hierarchy.contains(DeploymentOperations.HAPROXY_TYPE)) {
                fixed.add(new Listener(node.id(), "frontend_port", address(p, "frontend_address", "0.0.0.0"),
                        port(p, "frontend_port", 1, where, node), 1));
                int stats = port(p, "stats_port", 0, where, node);
                if (stats != 0) {
                    fixed.add(new Listener(node.id(), "stats_port", address(p, "stats_address", "127.0.0.1"), stats, 1));
                }
            }
        }
        for (int i = 0; i < fixed.size(); i++) {
            Listener a = fixed.get(i);
            if (a.count() > 1) {
                throw new IllegalArgumentException(where + ": node_templates." + a.node() + " has instances: "
                        + a.count() + " and the fixed port " + a.port() + ", so its instances would share port "
                        + a.port() + ": use port: 0 (each instance picks a free port) or one node per fixed port");
            }
            for (int j = i + 1; j < fixed.size(); j++) {
                Listener b = fixed.get(j);
                if (a.overlaps(b)) {
                    throw new IllegalArgumentException(where + ": " + a.describe() + " and " + b.describe()
                            + " ask for the same port " + a.port() + ": give each its own port (0 lets an app pick a free one)");
                }
            }
        }
    }

    private static int port(Map<String, Object> p, String key, int min, String where, LocalTopology.Node node) {
        Object value = p.get(key);
        String name = where + ": node_templates." + node.id() + ".properties." + key;
        if (value == null) {
            throw new IllegalArgumentException(name + " is empty: expected a port from " + min + " to 65535");
        }
        long port;
        try {
            port = value instanceof Number n && !(value instanceof Double || value instanceof Float)
                    ? n.longValue() : Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is '" + value + "': expected a whole number from " + min
                    + " to 65535" + (min == 0 ? " (0 picks a free port)" : ""), e);
        }
        if (port < min || port > 65535) {
            throw new IllegalArgumentException(name + " is " + value + ": expected a port from " + min + " to 65535"
                    + (min == 0 ? " (0 picks a free port)" : ""));
        }
        return (int) port;
    }

    private static String address(Map<String, Object> p, String key, String fallback) {
        Object value = p.get(key);
        return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value).strip();
    }
}
