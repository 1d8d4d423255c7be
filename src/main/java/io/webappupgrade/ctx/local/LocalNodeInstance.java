package io.webappupgrade.ctx.local;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.Properties;
import java.util.Map;
import java.util.Objects;

/** A node instance held in memory: its node's properties and its runtime properties. */
public final class LocalNodeInstance implements NodeInstanceContext {

    private final String nodeId;
    private final String instanceId;
    private final Properties properties;
    private final LocalRuntimeProperties runtimeProperties;

    public LocalNodeInstance(String nodeId, String instanceId, Map<String, ?> properties,
            LocalRuntimeProperties runtimeProperties) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.properties = new Properties("node property", JsonCopies.copyMap("node properties", properties));
        this.runtimeProperties = Objects.requireNonNull(runtimeProperties, "runtimeProperties");
    }

    /** An instance with no runtime properties yet. */
    public LocalNodeInstance(String nodeId, String instanceId, Map<String, ?> properties) {
        this(nodeId, instanceId, properties, new LocalRuntimeProperties());
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Properties properties() {
        return properties;
    }

    @Override
    public LocalRuntimeProperties runtimeProperties() {
        return runtimeProperties;
    }

    @Override
    public String toString() {
        return nodeId + "/" + instanceId;
    }
}
