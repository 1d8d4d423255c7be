package io.webappupgrade.ctx;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runtime properties of one node instance: what operations record about it (version, pid,
 * port, ...). Writes replace whole top-level keys, the only kind of write Cloudify persists.
 */
public interface RuntimeProperties {

    /** A snapshot of all runtime properties, with typed getters. */
    Properties read();

    default Optional<Object> get(String key) {
        return read().value(key);
    }

    /** Sets one top-level key to a JSON-shaped value (string, number, boolean, list, map). */
    void put(String key, Object value);

    /** Sets several top-level keys at once. */
    default void putAll(Map<String, ?> values) {
        values.forEach(this::put);
    }

    void remove(String key);

    /** Makes the changes so far durable now rather than at the end of the operation. */
    void persist();

    /**
     * Sets {@code key} to what {@code value} computes and makes it durable at once. Where other
     * operations may write the same instance concurrently (several unlinks on one load balancer),
     * an implementation that meets a version conflict reads the instance again and retries with a
     * value computed anew, so {@code value} must compute from the source of truth, not from what
     * was read before.
     */
    default void putAndPersist(String key, Supplier<Object> value) {
        put(key, value.get());
        persist();
    }
}
