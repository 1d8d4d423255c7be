package io.webappupgrade.ctx.local;

import io.webappupgrade.ctx.Properties;
import io.webappupgrade.ctx.RuntimeProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runtime properties held in memory. {@link #persist()} hands a snapshot to a listener, which a
 * caller may use to write them to a state file; by default it does nothing.
 */
public final class LocalRuntimeProperties implements RuntimeProperties {

    /** Receives a snapshot of all runtime properties each time they are persisted. */
    @FunctionalInterface
    public interface PersistListener {
        void persisted(Map<String, Object> snapshot);
    }

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final PersistListener listener;

    public LocalRuntimeProperties() {
        this(Map.of(), snapshot -> { });
    }

    public LocalRuntimeProperties(Map<String, ?> initial, PersistListener listener) {
        this.values.putAll(JsonCopies.copyMap("runtime properties", initial));
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public synchronized Properties read() {
        return new Properties("runtime property", values);
    }

    @Override
    public synchronized void put(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Object copy = JsonCopies.copy("runtime property '" + key + "'", value);
        if (copy == null) {
            values.remove(key);
        } else {
            values.put(key, copy);
        }
    }

    @Override
    public synchronized void remove(String key) {
        values.remove(key);
    }

    @Override
    public void persist() {
        listener.persisted(snapshot());
    }

    /** All runtime properties as they are now. */
    public synchronized Map<String, Object> snapshot() {
        return JsonCopies.copyMap("runtime properties", values);
    }
}
