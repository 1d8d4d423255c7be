package io.webappupgrade.deployment;

import java.util.List;
import java.util.Objects;

/**
 * One outgoing relationship of a node instance.
 *
 * @param type             the relationship's type
 * @param typeHierarchy    that type and its ancestors, root first
 * @param targetNodeId     the node the relationship points to
 * @param targetInstanceId the instance of that node this relationship instance points to
 */
public record RelationshipInstance(String type, List<String> typeHierarchy, String targetNodeId,
        String targetInstanceId) {

    public RelationshipInstance {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(targetNodeId, "targetNodeId");
        Objects.requireNonNull(targetInstanceId, "targetInstanceId");
        typeHierarchy = List.copyOf(typeHierarchy);
    }

    /** Whether this relationship's type is {@code type} or derives from it. */
    public boolean isDerivedFrom(String type) {
        return this.type.equals(type) || typeHierarchy.contains(type);
    }
}
