package io.webappupgrade.manager;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node instance, as {@code GET /node-instances} gives it.
 *
 * @param version           the storage version; a runtime-properties update must name it
 * @param runtimeProperties JSON-shaped values
 */
public record ManagerNodeInstance(String id, String nodeId, String deploymentId, String hostId, String state,
        long version, Map<String, Object> runtimeProperties, List<InstanceRelationship> relationships) {

    public ManagerNodeInstance {
        Objects.requireNonNull(id, "id");
        // JSON null values are allowed, which Map.copyOf refuses.
        runtimeProperties = Collections.unmodifiableMap(new LinkedHashMap<>(runtimeProperties));
        relationships = List.copyOf(relationships);
    }

    /**
     * An outgoing relationship of the instance.
     *
     * @param targetId   the target INSTANCE's id
     * @param targetName the target node's id
     */
    public record InstanceRelationship(String targetId, String targetName, String type) {
    }
}
