package io.webappupgrade.rollout.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SummaryEventsTest {

    /** Random text does not compress, so it needs several parts. */
    private static String bigJson(long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder("{\"noise\":\"");
        for (int i = 0; i < 30_000; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.append("\"}").toString();
    }

    @Test
    void aSmallSummaryIsOneEventAndComesBack() {
        String json = "{\"outcome\":\"succeeded\",\"instances\":[]}";
        List<String> parts = SummaryEvents.encode(json);

        assertThat(parts).hasSize(1);
        assertThat(parts.get(0)).startsWith(SummaryEvents.PREFIX);
        assertThat(SummaryEvents.decode(parts)).contains(json);
    }

    @Test
    void aLargeSummaryIsSplitIntoBoundedPartsReadInAnyOrderAmongOtherEvents() {
        String json = bigJson(1);
        List<String> parts = SummaryEvents.encode(json);

        assertThat(parts.size()).isGreaterThan(1);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(SummaryEvents.PART_CHARS + 60));
        List<String> events = new ArrayList<>(parts);
        Collections.reverse(events);
        events.add(1, "Starting 'webapp_upgrade' workflow execution");
        events.add("webapp_upgrade summary is not a part");
        assertThat(SummaryEvents.decode(events)).contains(json);
    }

    @Test
    void aPublicationWithAPartMissingIsNotRead() {
        List<String> parts = new ArrayList<>(SummaryEvents.encode(bigJson(2)));
        parts.remove(1);

        assertThat(SummaryEvents.decode(parts)).isEmpty();
    }

    @Test
    void aCorruptedPartIsNotRead() {
        List<String> parts = new ArrayList<>(SummaryEvents.encode("{\"a\":1}"));
        String p = parts.get(0);
        parts.set(0, p.substring(0, p.length() - 4) + (p.endsWith("AAAA") ? "BBBB" : "AAAA"));

        assertThat(SummaryEvents.decode(parts)).isEmpty();
    }

    @Test
    void theLastCompletePublicationWins() {
        List<String> events = new ArrayList<>(SummaryEvents.encode("{\"run\":1}"));
        events.addAll(SummaryEvents.encode("{\"run\":2}"));
        List<String> incomplete = new ArrayList<>(SummaryEvents.encode(bigJson(3)));
        incomplete.remove(0);
        events.addAll(incomplete);

        assertThat(SummaryEvents.decode(events)).contains("{\"run\":2}");
        assertThat(SummaryEvents.isPart(events.get(0))).isTrue();
        assertThat(SummaryEvents.isPart("step 1 of webapp_upgrade")).isFalse();
        assertThat(SummaryEvents.decode(List.of())).isEmpty();
    }
}
