package io.webappupgrade.ctx;

import io.webappupgrade.json.JsonValues;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operation's inputs. Cloudify's script plugin passes each input to the process as an
 * environment variable: mappings, lists and booleans as JSON, everything else as Python's
 * {@code str()}, so a null input arrives as the text {@code None}.
 */
public final class OperationInputs {

    private final Properties values;

    private OperationInputs(Map<String, Object> values) {
        this.values = new Properties("operation input", values);
    }

    public static OperationInputs of(Map<String, ?> values) {
        return new OperationInputs(new LinkedHashMap<>(values));
    }

    /**
     * Reads the named inputs from the environment the script plugin made. Only names the
     * operation declares are read, so unrelated environment variables are never mistaken for inputs.
     */
    public static OperationInputs fromEnvironment(Map<String, String> env, List<String> names, JsonValues json) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : names) {
            String raw = env.get(name);
            if (raw == null || raw.equals("None")) {
                continue;
            }
            values.put(name, decode(raw, json));
        }
        return new OperationInputs(values);
    }

    private static Object decode(String raw, JsonValues json) {
        String t = raw.trim();
        if (t.startsWith("{") || t.startsWith("[") || t.equals("true") || t.equals("false")) {
            try {
                return json.read(t);
            } catch (IOException e) {
                return raw;
            }
        }
        // Python's str() of a boolean
        if (t.equals("True") || t.equals("False")) {
            return Boolean.parseBoolean(t);
        }
        return raw;
    }

    public Properties values() {
        return values;
    }

    public Optional<String> string(String name) {
        return values.optionalString(name);
    }
}
