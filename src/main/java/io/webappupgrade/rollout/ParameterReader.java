package io.webappupgrade.rollout;

import io.webappupgrade.values.SecondsRule;
import io.webappupgrade.values.Values;
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

    /** A whole number in [min, max] (3, 3.0, "3", "3.0"); {@code fallback} when not given or wrong. */
    int wholeNumber(String name, int fallback, int min, int max, String allowed) {
        if (!given(name)) {
            return fallback;
        }
        Optional<Integer> n = Values.wholeNumber(values.get(name)).filter(i -> i >= min && i <= max);
        if (n.isEmpty()) {
            notAllowed(name, allowed);
            return fallback;
        }
        return n.get();
    }

    /** A decimal number in [min, max]; {@code fallback} when not given or wrong. */
    double fraction(String name, double fallback, double min, double max, String allowed) {
        if (!given(name)) {
            return fallback;
        }
        Optional<BigDecimal> n = Values.decimal(values.get(name))
                .filter(d -> d.compareTo(BigDecimal.valueOf(min)) >= 0 && d.compareTo(BigDecimal.valueOf(max)) <= 0);
        if (n.isEmpty()) {
            notAllowed(name, allowed);
            return fallback;
        }
        return n.get().doubleValue();
    }

    /** A decimal number of seconds within {@code rule}; empty when not given or wrong. */
    Optional<BigDecimal> seconds(String name, SecondsRule rule) {
        if (!given(name)) {
            return Optional.empty();
        }
        Optional<BigDecimal> n = Values.decimal(values.get(name)).filter(rule::allows);
        if (n.isEmpty()) {
            notAllowed(name, rule.text());
        }
        return n;
    }

    boolean bool(String name, boolean fallback) {
        if (!given(name)) {
            return fallback;
        }
        Optional<Boolean> b = Values.bool(values.get(name));
        if (b.isEmpty()) {
            notAllowed(name, "true or false");
            return fallback;
        }
        return b.get();
    }

    private void notAllowed(String name, String allowed) {
        problem(name, "parameter '" + name + "' is " + shown(name) + ": allowed is " + allowed);
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
        return Values.shown(values.get(name));
    }
}
