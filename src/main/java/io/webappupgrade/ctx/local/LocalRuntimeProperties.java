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

    /** Receives each change of one top-level key as it is made; a null value means removed. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(String key, Object valueOrNull);
    }

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final PersistListener listener;
    private final ChangeListener changes;

    public LocalRuntimeProperties() {
        this(Map.of(), snapshot -> { });
    }

    public LocalRuntimeProperties(Map<String, ?> initial, PersistListener listener) {
        this(initial, listener, (key, value) -> { });
    }

    private LocalRuntimeProperties(Map<String, ?> initial, PersistListener listener, ChangeListener changes) {
        this.values.putAll(JsonCopies.copyMap("runtime properties", initial));
        this.listener = Objects.requireNonNull(listener, "listener");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /**
     * Runtime properties whose every change is handed on at once, key by key, in the order made.
     * For an instance that several operations change at the same time (a load balancer that
     * drains two instances side by side): each one's key writes land where they were made, none
     * replaces the whole set with its own stale copy.
     */
    public static LocalRuntimeProperties writingThrough(Map<String, ?> initial, ChangeListener changes) {
        return new LocalRuntimeProperties(initial, snapshot -> { }, changes);
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
        changes.changed(key, copy);
    }

    @Override
    public synchronized void remove(String key) {
        values.remove(key);
        changes.changed(key, null);
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
