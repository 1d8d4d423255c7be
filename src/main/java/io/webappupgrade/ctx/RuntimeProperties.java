package io.webappupgrade.ctx;

import java.util.Map;
import java.util.Optional;

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
}
