package io.webappupgrade.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.9, 1.10",
        "1.2.3, 1.2.10",
        "2.0.0-rc1, 2.0.0",
        "2.0.0-rc2, 2.0.0-rc10",
        "2.0.0-alpha, 2.0.0-beta",
        "2.0.0-1, 2.0.0-alpha",
        "2.0.0-alpha, 2.0.0-alpha.1",
        "1, 1.0.1",
        "0.9.99, 1",
        "1.0.0, 18446744073709551616.0",
        "v1.2, 1.3",
    })
    void ordersAsPeopleReadVersions(String lower, String higher) {
        assertThat(Version.parse(lower)).isLessThan(Version.parse(higher));
        assertThat(Version.parse(higher).isNewerThan(Version.parse(lower))).isTrue();
        assertThat(Version.parse(lower).isNewerThan(Version.parse(higher))).isFalse();
    }

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({"1.0, 1.0.0", "1, 1.0", "v2.1, 2.1", "01.02, 1.2", "1.0.0+build.5, 1.0.0"})
    void treatsSpellingsOfOneReleaseAsEqual(String a, String b) {
        assertThat(Version.parse(a)).isEqualByComparingTo(Version.parse(b));
        assertThat(Version.parse(a)).isEqualTo(Version.parse(b)).hasSameHashCodeAs(Version.parse(b));
    }

    @Test
    void sortsAListTheWayARollingUpgradeNeeds() {
        List<Version> versions = new ArrayList<>();
        for (String v : List.of("1.10", "2.0.0", "1.9", "2.0.0-rc1", "1.9.1", "2.0.0-beta")) {
            versions.add(Version.parse(v));
        }
        Collections.sort(versions);
        assertThat(versions).map(Version::toString)
                .containsExactly("1.9", "1.9.1", "1.10", "2.0.0-beta", "2.0.0-rc1", "2.0.0");
    }

    @Test
    void keepsTheTextAsWritten() {
        assertThat(Version.parse(" v2.1.0-rc1 ").toString()).isEqualTo("v2.1.0-rc1");
        assertThat(Version.parse("2.1.0-rc1").isPreRelease()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "1..2", "1.2.", ".1", "1.2-", "1.2-rc 1", "1.x", "abc1.0"})
    void refusesWhatIsNotAVersionNamingTheValue(String text) {
        assertThat(Version.isValid(text)).isFalse();
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a version")
                .hasMessageContaining("for example 2.1.0");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Version.parse(null)).hasMessageContaining("a version is required");
    }
}
