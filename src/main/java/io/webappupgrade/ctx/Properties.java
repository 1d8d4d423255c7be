package io.webappupgrade.ctx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of a node's properties (or any JSON object) with typed getters whose errors
 * name the property and what it must be.
 */
public final class Properties {

    private final String what;
    private final Map<String, Object> values;

    /**
     * @param what how errors name this set of values, for example {@code "node property"}
     */
    public Properties(String what, Map<String, ?> values) {
        this.what = what;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Optional<Object> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String string(String key) {
        return optionalString(key).orElseThrow(() -> missing(key, "a string"));
    }

    public String string(String key, String fallback) {
        return optionalString(key).orElse(fallback);
    }

    public Optional<String> optionalString(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw wrong(key, v, "a string");
        }
        String s = String.valueOf(v);
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    public int integer(String key, int fallback) {
        Object v = values.get(key);
        if (v == null || "".equals(v)) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw wrong(key, v, "a whole number");
            }
        }
        throw wrong(key, v, "a whole number");
    }

    public double number(String key, double fallback) {
        Object v = values.get(key);
        if (v == null || "".equals(v)) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw wrong(key, v, "a number");
            }
        }
        throw wrong(key, v, "a number");
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null || "".equals(v)) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw wrong(key, v, "true or false");
    }

    /** A list of strings; a single string is taken as a one-element list. */
    public List<String> stringList(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Map || o instanceof List || o == null) {
                    throw wrong(key, v, "a list of strings");
                }
                out.add(String.valueOf(o));
            }
            return List.copyOf(out);
        }
        if (v instanceof Map) {
            throw wrong(key, v, "a list of strings");
        }
        return List.of(String.valueOf(v));
    }

    /** A map of strings to strings (for example environment variables). */
    public Map<String, String> stringMap(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw wrong(key, v, "a mapping of names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
        return Collections.unmodifiableMap(out);
    }

    private IllegalArgumentException missing(String key, String expected) {
        return new IllegalArgumentException(what + " '" + key + "' is required: expected " + expected);
    }

    private IllegalArgumentException wrong(String key, Object value, String expected) {
        return new IllegalArgumentException(what + " '" + key + "' is " + describe(value) + ": expected " + expected);
    }

    private static String describe(Object value) {
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        String s = String.valueOf(value);
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
    }

    @Override
    public String toString() {
        return what + "s " + values.keySet();
    }
}
