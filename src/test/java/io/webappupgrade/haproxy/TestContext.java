package io.webappupgrade.haproxy;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.OperationContext;
import io.webappupgrade.ctx.OperationInputs;
import io.webappupgrade.ctx.Properties;
import io.webappupgrade.ctx.RuntimeProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A test-only operation context: node instances held in memory, as the orchestrator would hand them over. */
final class TestContext implements OperationContext {

    /** One node instance with its properties and its runtime properties. */
    static final class Instance implements NodeInstanceContext {
        private final String nodeId;
        private final String instanceId;
        private final Map<String, Object> properties;
        private final Map<String, Object> runtime = new ConcurrentHashMap<>();

        Instance(String nodeId, String instanceId, Map<String, ?> properties) {
            this.nodeId = nodeId;
            this.instanceId = instanceId;
            this.properties = new LinkedHashMap<>(properties);
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
            return new Properties("node property", properties);
        }

        @Override
        public RuntimeProperties runtimeProperties() {
            return new RuntimeProperties() {
                @Override
                public Properties read() {
                    return new Properties("runtime property", runtime);
                }

                @Override
                public void put(String key, Object value) {
                    runtime.put(key, value);
                }

                @Override
                public void remove(String key) {
                    runtime.remove(key);
                }

                @Override
                public void persist() {
                }
            };
        }

        Map<String, Object> runtime() {
            return runtime;
        }
    }

    private final Instance instance;
    private final Instance source;
    private final Instance target;
    private final OperationInputs inputs;
    private Object returned;

    private TestContext(Instance instance, Instance source, Instance target, Map<String, ?> inputs) {
        this.instance = instance;
        this.source = source;
        this.target = target;
        this.inputs = OperationInputs.of(inputs);
    }

    static TestContext node(Instance instance, Map<String, ?> inputs) {
        return new TestContext(instance, null, null, inputs);
    }

    static TestContext relationship(Instance source, Instance target, Map<String, ?> inputs) {
        return new TestContext(null, source, target, inputs);
    }

    @Override
    public NodeInstanceContext instance() {
        return require(instance, "instance");
    }

    @Override
    public NodeInstanceContext source() {
        return require(source, "source");
    }

    @Override
    public NodeInstanceContext target() {
        return require(target, "target");
    }

    @Override
    public String deploymentId() {
        return "test";
    }

    @Override
    public OperationInputs inputs() {
        return inputs;
    }

    @Override
    public Path downloadResource(String resourcePath, Path target) {
        throw new UnsupportedOperationException("no blueprint resources in these tests");
    }

    @Override
    public void returns(Object value) {
        returned = value;
    }

    Object returned() {
        return returned;
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("ctx." + what + "() is not available in this kind of operation");
        }
        return value;
    }
}
