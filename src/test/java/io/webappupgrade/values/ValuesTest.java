package io.webappupgrade.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void aWholeNumberReadsTheSameInEverySpellingAndRefusesFractionsAndOverflow() {
        for (Object three : List.of(3, 3L, 3.0, "3", "3.0", " 3 ", new BigDecimal("3.000"))) {
            assertThat(Values.wholeNumber(three)).as("%s (%s)", three, three.getClass().getSimpleName()).contains(3);
        }
        for (Object notWhole : List.of(3.5, "3.5", 1e12, "2147483648", "three", "", true, List.of(3), Map.of())) {
            assertThat(Values.wholeNumber(notWhole)).as("%s", notWhole).isEmpty();
        }
        assertThat(Values.wholeNumber(null)).isEmpty();
    }

    @Test
    void aDecimalIsFiniteAndMayBeAString() {
        assertThat(Values.decimal("2.5")).contains(new BigDecimal("2.5"));
        assertThat(Values.decimal(2.5)).contains(new BigDecimal("2.5"));
        assertThat(Values.decimal(" -1 ")).contains(new BigDecimal("-1"));
        for (Object notANumber : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, "NaN", "Infinity", "1,5", "")) {
            assertThat(Values.decimal(notANumber)).as("%s", notANumber).isEmpty();
        }
    }

    @Test
    void secondsFollowTheirRuleAndKeepFractions() {
        assertThat(Values.seconds("0.5", SecondsRule.POSITIVE)).contains(Duration.ofMillis(500));
        assertThat(Values.seconds(0, SecondsRule.POSITIVE)).isEmpty();
        assertThat(Values.seconds("0", SecondsRule.NOT_NEGATIVE)).contains(Duration.ZERO);
        assertThat(Values.seconds(-1, SecondsRule.NOT_NEGATIVE)).isEmpty();
        assertThat(Values.seconds(86_400, SecondsRule.UP_TO_A_DAY)).contains(Duration.ofDays(1));
        assertThat(Values.seconds(86_400.5, SecondsRule.UP_TO_A_DAY)).isEmpty();
        assertThat(Values.seconds("2147483648", SecondsRule.POSITIVE)).isEmpty();
        assertThat(Values.seconds("soon", SecondsRule.POSITIVE)).isEmpty();
        assertThat(SecondsRule.NOT_NEGATIVE.described("a pause").allows(BigDecimal.ZERO)).isTrue();
    }

    @Test
    void aBooleanIsTrueOrFalseInAnyCase() {
        assertThat(Values.bool(true)).contains(true);
        assertThat(Values.bool(" False ")).contains(false);
        assertThat(Values.bool("TRUE")).contains(true);
        assertThat(Values.bool("yes")).isEmpty();
        assertThat(Values.bool(1)).isEmpty();
    }

    @Test
    void aValueIsShownQuotedAndCutOrByItsShape() {
        assertThat(Values.shown("ten")).isEqualTo("'ten'");
        assertThat(Values.shown(-1)).isEqualTo("'-1'");
        assertThat(Values.shown(Map.of("a", 1))).isEqualTo("a mapping");
        assertThat(Values.shown(List.of(1))).isEqualTo("a list");
        assertThat(Values.shown("x".repeat(61))).isEqualTo("'" + "x".repeat(60) + "...'");
        assertThat(Values.shown("x".repeat(60))).isEqualTo("'" + "x".repeat(60) + "'");
    }
}
