package io.webappupgrade.rollout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads loosely typed parameter values (a workflow hands over strings, numbers and booleans
 * alike) and collects every problem instead of stopping at the first, so a user fixes all at once.
 */
final class ParameterReader {

    private final Map<String, ?> values;
    private final List<ParameterProblem> problems = new ArrayList<>();

    ParameterReader(Map<String, ?> values) {
        this.values = values;
    }

    List<ParameterProblem> problems() {
        return problems;
    }

    void problem(String name, String message) {
        problems.add(new ParameterProblem(name, message));
    }

    /** Whether the parameter was given: absent, null and blank count as not given. */
    boolean given(String name) {
        Object v = values.get(name);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    Optional<String> text(String name) {
        if (!given(name)) {
            return Optional.empty();
        }
        Object v = values.get(name);
        if (v instanceof Map || v instanceof List) {
            problem(name, "parameter '" + name + "' is a " + (v instanceof Map ? "mapping" : "list") + ": expected a string");
            return Optional.empty();
        }
        return Optional.of(String.valueOf(v).trim());
    }

    /** A whole number in [min, max]; {@code fallback} when not given or wrong. */
    int wholeNumber(String name, int fallback, int min, int max, String allowed) {
        Optional<BigDecimal> n = number(name, allowed);
        if (n.isEmpty()) {
            return fallback;
        }
        BigDecimal d = n.get();
        if (d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(min)) < 0
                || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            problem(name, "parameter '" + name + "' is " + shown(name) + ": allowed is " + allowed);
            return fallback;
        }
        return d.intValueExact();
    }

    /** A decimal number of seconds, {@code > 0} or {@code >= 0}; empty when not given or wrong. */
    Optional<BigDecimal> seconds(String name, boolean zeroAllowed, String allowed) {
        Optional<BigDecimal> n = number(name, allowed);
        if (n.isEmpty()) {
            return n;
        }
        int sign = n.get().signum();
        if (sign < 0 || (sign == 0 && !zeroAllowed) || n.get().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            problem(name, "parameter '" + name + "' is " + shown(name) + ": allowed is " + allowed);
            return Optional.empty();
        }
        return n;
    }

    private Optional<BigDecimal> number(String name, String allowed) {
        if (!given(name)) {
            return Optional.empty();
        }
        Object v = values.get(name);
        if (v instanceof Number num && !(v instanceof Double d && (d.isNaN() || d.isInfinite()))
                && !(v instanceof Float f && (f.isNaN() || f.isInfinite()))) {
            return Optional.of(new BigDecimal(num.toString()));
        }
        if (v instanceof String s) {
            try {
                return Optional.of(new BigDecimal(s.trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(name, "parameter '" + name + "' is " + shown(name) + ": allowed is " + allowed);
        return Optional.empty();
    }

    boolean bool(String name, boolean fallback) {
        if (!given(name)) {
            return fallback;
        }
        Object v = values.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        problem(name, "parameter '" + name + "' is " + shown(name) + ": allowed is true or false");
        return fallback;
    }

    /** A list of names: a list, or one string of comma-separated names. */
    List<String> names(String name) {
        if (!given(name)) {
            return List.of();
        }
        Object v = values.get(name);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o == null || o instanceof Map || o instanceof List) {
                    problem(name, "parameter '" + name + "' holds " + (o == null ? "an empty entry" : "a nested value")
                            + ": allowed is a list of ids or one comma-separated string of ids");
                    return List.of();
                }
                addNames(String.valueOf(o), out);
            }
        } else if (v instanceof Map) {
            problem(name, "parameter '" + name + "' is a mapping: allowed is a list of ids or one comma-separated string of ids");
            return List.of();
        } else {
            addNames(String.valueOf(v), out);
        }
        return out.stream().distinct().toList();
    }

    private static void addNames(String text, List<String> out) {
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
    }

    /** The given value as an error message may show it, quoted and shortened. */
    String shown(String name) {
        Object v = values.get(name);
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        String s = String.valueOf(v);
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
}
