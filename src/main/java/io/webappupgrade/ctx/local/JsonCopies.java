package io.webappupgrade.ctx.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of JSON-shaped values. Cloudify hands runtime properties and inputs over as JSON, so a
 * stored value never shares state with the caller and only JSON types survive; the local context
 * behaves the same so code that passes here does not break under the real ctx proxy.
 */
final class JsonCopies {

    private JsonCopies() {
    }

    static Object copy(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException(name + " has a key that is not a string: " + k);
                }
                out.put(key, copy(name + "." + key, v));
            });
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(copy(name + "[" + i + "]", list.get(i)));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException(name + " is a " + value.getClass().getSimpleName()
                + ": expected a string, number, boolean, list, mapping or null");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(String name, Map<String, ?> values) {
        return (Map<String, Object>) copy(name, values);
    }
}
