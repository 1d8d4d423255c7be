package io.webappupgrade.values;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a number of seconds may be. Its {@code text} is the "allowed is / expected" part of an
 * error message, so the rule and the words that state it cannot drift apart.
 */
public record SecondsRule(boolean zeroAllowed, BigDecimal max, String text) {

    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    /** Waits that must give the other side a chance (drain_timeout: 0 could not wait for one session). */
    public static final SecondsRule POSITIVE = new SecondsRule(false, INT_MAX, "a number of seconds greater than 0");
    /** Waits that may be skipped (delay between batches, up_timeout). */
    public static final SecondsRule NOT_NEGATIVE = new SecondsRule(true, INT_MAX, "0 or more seconds");
    /** A process's own deadlines (start, stop, fetch): more than a day is a typo, not a plan. */
    public static final SecondsRule UP_TO_A_DAY = new SecondsRule(false, BigDecimal.valueOf(86_400),
            "a number of seconds above 0 and at most 86400");

    public SecondsRule {
        Objects.requireNonNull(max, "max");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a seconds rule needs the text that states it");
        }
    }

    /** The same rule stated in other words (a message that must keep its established wording). */
    public SecondsRule described(String otherText) {
        return new SecondsRule(zeroAllowed, max, otherText);
    }

    public boolean allows(BigDecimal seconds) {
        int sign = seconds.signum();
        return (sign > 0 || sign == 0 && zeroAllowed) && seconds.compareTo(max) <= 0;
    }
}
