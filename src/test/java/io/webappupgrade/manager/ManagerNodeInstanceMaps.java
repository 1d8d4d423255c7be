package io.webappupgrade.manager;

import java.util.LinkedHashMap;
import java.util.Map;

/** A nested mapping of runtime properties, with string keys. */
final class ManagerNodeInstanceMaps {

    private ManagerNodeInstanceMaps() {
    }

    static Map<String, Object> map(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }
}
