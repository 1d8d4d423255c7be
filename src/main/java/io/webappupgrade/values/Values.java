package io.webappupgrade.values;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one typed value as YAML, JSON or a command line gives it; empty means "not that type".
 * Every runtime serialises the same user value differently (the number 3, the string "3", 3.0),
 * so all readers share these rules instead of each deciding its own.
 */
public final class Values {

    /** Longer values are cut in messages: a pasted file should not flood an error. */
    private static final int SHOWN_LENGTH = 60;

    private Values() {
    }

    /** A finite number: a Number, or a string BigDecimal accepts after trimming. */
    public static Optional<BigDecimal> decimal(Object v) {
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())
                || v instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(new BigDecimal(n.toString()));
        }
        if (v instanceof String s) {
            try {
                return Optional.of(new BigDecimal(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A whole number in int range: 3, 3.0, "3" and "3.0" all read 3; "3.5" and 1e12 do not. */
    public static Optional<Integer> wholeNumber(Object v) {
        return decimal(v).flatMap(d -> {
            try {
                return Optional.of(d.intValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        });
    }

    /** Seconds as a whole or fractional number within the rule (0.5 is half a second). */
    public static Optional<Duration> seconds(Object v, SecondsRule rule) {
        return decimal(v).filter(rule::allows).map(Values::duration);
    }

    /** Seconds to a Duration, to the nearest millisecond. */
    public static Duration duration(BigDecimal seconds) {
        return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /** true or false, as a Boolean or a string in any case (trimmed). */
    public static Optional<Boolean> bool(Object v) {
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s.trim()));
        }
        return Optional.empty();
    }

    /** The value as an error message may show it: "a mapping", "a list", or quoted and cut. */
    public static String shown(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        String s = String.valueOf(v);
        return "'" + (s.length() > SHOWN_LENGTH ? s.substring(0, SHOWN_LENGTH) + "..." : s) + "'";
    }
}
