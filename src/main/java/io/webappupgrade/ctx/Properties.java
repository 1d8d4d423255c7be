package io.webappupgrade.ctx;

import io.webappupgrade.values.SecondsRule;
import io.webappupgrade.values.Values;
import java.math.BigDecimal;
import java.time.Duration;
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

    /** A whole number; 3, 3.0, "3" and "3.0" all read 3 (see {@link Values#wholeNumber}). */
    public int integer(String key, int fallback) {
        Object v = values.get(key);
        if (v == null || "".equals(v)) {
            return fallback;
        }
        return Values.wholeNumber(v).orElseThrow(() -> wrong(key, v, "a whole number"));
    }

    public double number(String key, double fallback) {
        Object v = values.get(key);
        if (v == null || "".equals(v)) {
            return fallback;
        }
        return Values.decimal(v).orElseThrow(() -> wrong(key, v, "a number")).doubleValue();
    }

    /**
     * Seconds within {@code rule}; the message shows a number that breaks the rule as the number
     * read, so "0", 0 and "0.0" are all reported as 0.0.
     */
    public Duration seconds(String key, double fallback, SecondsRule rule) {
        Object v = values.get(key);
        if (v == null || "".equals(v)) {
            return Values.duration(BigDecimal.valueOf(fallback));
        }
        BigDecimal s = Values.decimal(v).orElseThrow(() -> wrong(key, v, "a number"));
        if (!rule.allows(s)) {
            throw new IllegalArgumentException(what + " '" + key + "' is " + s.doubleValue() + ": expected " + rule.text());
        }
        return Values.duration(s);
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null || "".equals(v)) {
            return fallback;
        }
        return Values.bool(v).orElseThrow(() -> wrong(key, v, "true or false"));
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
        return new IllegalArgumentException(what + " '" + key + "' is " + Values.shown(value) + ": expected " + expected);
    }

    @Override
    public String toString() {
        return what + "s " + values.keySet();
    }
}
