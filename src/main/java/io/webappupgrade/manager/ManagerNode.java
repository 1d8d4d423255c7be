package io.webappupgrade.manager;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A node of a deployment (a blueprint template), as {@code GET /nodes} gives it.
 *
 * @param typeHierarchy root first
 * @param operations    operation names: Cloudify lists each as {@code interface.operation} and as
 *                      the bare {@code operation}
 */
public record ManagerNode(String id, String deploymentId, String type, List<String> typeHierarchy,
        Set<String> operations, List<NodeRelationship> relationships, int numberOfInstances) {

    public ManagerNode {
        Objects.requireNonNull(id, "id");
        typeHierarchy = List.copyOf(typeHierarchy);
        operations = Set.copyOf(operations);
        relationships = List.copyOf(relationships);
    }

    /**
     * A relationship of the node.
     *
     * @param targetId      the target NODE's id
     * @param typeHierarchy root first
     */
    public record NodeRelationship(String targetId, String type, List<String> typeHierarchy) {
        public NodeRelationship {
            typeHierarchy = List.copyOf(typeHierarchy);
        }
    }

    /** For callers that keep nodes by id. */
    public static Map<String, ManagerNode> byId(List<ManagerNode> nodes) {
        Map<String, ManagerNode> m = new java.util.LinkedHashMap<>();
        nodes.forEach(n -> m.put(n.id(), n));
        return m;
    }
}
