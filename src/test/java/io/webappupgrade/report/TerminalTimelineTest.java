package io.webappupgrade.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TerminalTimelineTest {

    private static List<String> lines(RolloutRecord record, int width) {
        return TerminalTimeline.render(record, width).lines().toList();
    }

    /** The bar of the line starting with {@code label}: what is between the two '|'. */
    private static String bar(List<String> lines, String label) {
        String line = lines.stream().filter(l -> l.startsWith(label + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + label + " in\n" + String.join("\n", lines)));
        return line.substring(line.indexOf('|') + 1, line.lastIndexOf('|'));
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 80, 120, 200})
    void everyLineFitsTheWidth(int width) {
        for (RolloutRecord record : List.of(Rollouts.cleanWithProbe(), Rollouts.canaryFailureWithAutoRollback(),
                Rollouts.resumedRun(), Rollouts.hostileNames(), Rollouts.nothingRan())) {
            assertThat(lines(record, width)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(width));
        }
    }

    @Test
    void aCleanRolloutShowsEachInstanceDrainedUpgradedAndBackOneAfterTheOther() {
        List<String> lines = lines(Rollouts.cleanWithProbe(), 100);

        assertThat(lines.get(0)).isEqualTo("webapp_upgrade on shop: succeeded (exit 0) in 37 s");
        int previousEnd = -1;
        for (String id : List.of("web_1", "web_2", "web_3", "web_4")) {
            String bar = bar(lines, id);
            String used = bar.strip();
            assertThat(used).matches("d+U+e?").contains("UUUU");
            assertThat(bar.indexOf('d')).isGreaterThan(previousEnd);
            previousEnd = bar.lastIndexOf(used.charAt(used.length() - 1));
            assertThat(lines.stream().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow()).endsWith(" upgraded");
        }
        String batches = bar(lines, "batches");
        assertThat(batches.replaceAll("[^1-9]", "")).isEqualTo("1234");
        assertThat(batches).contains("~~~");
        // Answers move from the old release (a) through a mix (*) to the new one (b), and none failed.
        assertThat(bar(lines, "versions").strip()).matches("a+\\*+b+");
        assertThat(bar(lines, "failed").strip()).matches("\\.+");
        assertThat(lines).anyMatch(l -> l.contains("versions: a=1.0.0 b=2.0.0") && l.contains("failed: 0 of 2070"));
    }

    @Test
    void aCanaryFailureShowsTheFailedPhaseAndTheAutoRollback() {
        List<String> lines = lines(Rollouts.canaryFailureWithAutoRollback(), 100);

        assertThat(bar(lines, "web_1").strip()).matches("d+U+e? +d+R+e?");
        assertThat(bar(lines, "web_2").strip()).matches("d+X+e?");
        assertThat(bar(lines, "web_3")).isBlank();
        assertThat(bar(lines, "batches")).contains("<");
        assertThat(bar(lines, "failed")).contains("!");
        assertThat(lines).anyMatch(l -> l.startsWith("  web_2: upgrade failed: health check of"));
    }

    @Test
    void textFromTheRunCannotSendControlSequencesToTheTerminal() {
        String text = TerminalTimeline.render(Rollouts.hostileNames(), 120);

        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(text).contains("web_?[31mred?").contains("<script>alert(2)</script>?");
    }

    @Test
    void aResumedRunShowsThePutBackBeforeTheUpgrade() {
        List<String> lines = lines(Rollouts.resumedRun(), 80);

        assertThat(bar(lines, "web_2").strip()).matches("e *d+U+e?");
        assertThat(bar(lines, "web_1")).isBlank();
        assertThat(lines).noneMatch(l -> l.startsWith("versions"));
    }

    @ParameterizedTest
    @ValueSource(ints = {39, 0, -5})
    void tooNarrowIsRefusedWithTheSmallestWidthAllowed(int width) {
        assertThatThrownBy(() -> TerminalTimeline.render(Rollouts.cleanWithProbe(), width))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("terminal width " + width + " is too narrow: use at least 40 columns");
    }
}
