package io.webappupgrade.deployment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One node instance of a deployment, with what the rollout needs to know of its node.
 *
 * @param id                the instance id, for example {@code web_a1b2c3}
 * @param nodeId            the id of the node (blueprint template) it is an instance of
 * @param typeHierarchy     the node's type and its ancestors, root first
 * @param operations        the node's operation names, keyed {@code interface.operation}
 * @param relationships     the instance's outgoing relationships
 * @param runtimeProperties the instance's runtime properties (JSON-shaped values)
 */
public record NodeInstance(
        String id,
        String nodeId,
        List<String> typeHierarchy,
        Set<String> operations,
        List<RelationshipInstance> relationships,
        Map<String, Object> runtimeProperties) {

    public NodeInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nodeId, "nodeId");
        typeHierarchy = List.copyOf(typeHierarchy);
        operations = Set.copyOf(operations);
        relationships = List.copyOf(relationships);
        // Map.copyOf refuses null values, which JSON runtime properties may hold.
        runtimeProperties = Collections.unmodifiableMap(new LinkedHashMap<>(runtimeProperties));
    }

    public boolean hasOperation(String name) {
        return operations.contains(name);
    }
}
