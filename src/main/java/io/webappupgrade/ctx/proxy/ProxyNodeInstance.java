package io.webappupgrade.ctx.proxy;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.Properties;
import io.webappupgrade.ctx.RuntimeProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A node instance reached through the ctx proxy, by the path that leads to it ({@code node}, {@code source node}, ...). */
final class ProxyNodeInstance implements NodeInstanceContext {

    private final CtxProxyClient client;
    private final List<String> nodePath;
    private final List<String> instancePath;
    private final ProxyRuntimeProperties runtimeProperties;
    private String nodeId;
    private String instanceId;
    private Properties properties;

    ProxyNodeInstance(CtxProxyClient client, List<String> nodePath, List<String> instancePath) {
        this.client = client;
        this.nodePath = nodePath;
        this.instancePath = instancePath;
        this.runtimeProperties = new ProxyRuntimeProperties(this);
    }

    @Override
    public String nodeId() {
        if (nodeId == null) {
            nodeId = String.valueOf(call(nodePath, "id"));
        }
        return nodeId;
    }

    @Override
    public String instanceId() {
        if (instanceId == null) {
            instanceId = String.valueOf(call(instancePath, "id"));
        }
        return instanceId;
    }

    @Override
    public Properties properties() {
        if (properties == null) {
            properties = new Properties("node property", toMap(call(nodePath, "properties")));
        }
        return properties;
    }

    @Override
    public RuntimeProperties runtimeProperties() {
        return runtimeProperties;
    }

    Object call(List<String> path, Object... rest) {
        List<Object> args = new ArrayList<>(path);
        args.addAll(List.of(rest));
        return client.call(args.toArray());
    }

    static Map<String, Object> toMap(Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> map.put(String.valueOf(k), v));
        }
        return map;
    }

    /**
     * Runtime properties through the proxy. Writes go through the dict's own {@code update} and
     * {@code pop} with the key as data, never as a path: a key such as {@code a.b} or
     * {@code items} is then stored as written instead of being resolved as a path or a method.
     */
    private static final class ProxyRuntimeProperties implements RuntimeProperties {

        private static final int CONFLICT_TRIES = 8;

        private final ProxyNodeInstance owner;
        private Map<String, Object> cache;

        ProxyRuntimeProperties(ProxyNodeInstance owner) {
            this.owner = owner;
        }

        @Override
        public Properties read() {
            return new Properties("runtime property", snapshot());
        }

        private Map<String, Object> snapshot() {
            if (cache == null) {
                cache = ProxyNodeInstance.toMap(owner.call(owner.instancePath, "runtime_properties"));
            }
            return cache;
        }

        @Override
        public void put(String key, Object value) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(key, value);
            putAll(one);
        }

        @Override
        public void putAll(Map<String, ?> values) {
            if (values.isEmpty()) {
                return;
            }
            // The empty mapping at the end is taken as (no) keyword arguments, so the values go in as
            // update()'s positional argument: Cloudify's DirtyTrackingDict.update(E=None, **F)
            // hands E to dict.update, which refuses None.
            owner.call(owner.instancePath, "runtime_properties", "update", new LinkedHashMap<>(values), Map.of());
            if (cache != null) {
                cache.putAll(values);
            }
        }

        @Override
        public void remove(String key) {
            owner.call(owner.instancePath, "runtime_properties", "pop", key);
            if (cache != null) {
                cache.remove(key);
            }
        }

        @Override
        public void persist() {
            owner.call(owner.instancePath, "update");
        }

        /**
         * A version conflict (409 from a manager, StorageConflictError in local mode) means another
         * operation stored this instance since it was read: read it again, compute the value anew
         * and store that, up to {@value #CONFLICT_TRIES} times.
         */
        @Override
        public void putAndPersist(String key, Supplier<Object> value) {
            for (int attempt = 1; ; attempt++) {
                put(key, value.get());
                try {
                    persist();
                    return;
                } catch (CtxErrorReplyException e) {
                    if (!isVersionConflict(e) || attempt == CONFLICT_TRIES) {
                        throw e;
                    }
                    // The stale copy is dropped; the next put starts from what is stored now.
                    owner.call(owner.instancePath, "refresh", Map.of("force", true));
                    cache = null;
                }
            }
        }

        private static boolean isVersionConflict(CtxErrorReplyException e) {
            String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return "StorageConflictError".equals(e.errorType()) || text.contains("409")
                    || text.contains("update conflict") || text.contains("does not match current version");
        }
    }
}
