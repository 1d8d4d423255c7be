package io.webappupgrade.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutRecordTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRecordReadsBackAsItWasWritten() {
        RolloutRecord record = Rollouts.canaryFailureWithAutoRollback();

        RolloutRecord again = RolloutRecord.fromJson(record.toJson());

        assertThat(again).isEqualTo(record);
        assertThat(again.toJson()).isEqualTo(record.toJson());
        assertThat(new ReportWriter().render(again)).isEqualTo(new ReportWriter().render(record));
    }

    @Test
    void theSummaryInsideIsExactlyTheRunsJsonSummary() throws Exception {
        RolloutRecord record = Rollouts.cleanWithProbe();

        JsonNode root = json.readTree(record.toJson());

        assertThat(root.get("summary")).isEqualTo(json.readTree(record.summary().toJson()));
        JsonNode probe = root.get("probe");
        assertThat(probe.get("bucket_millis").asLong()).isEqualTo(250);
        assertThat(probe.get("started_at").asText()).isEqualTo("2026-03-01T09:59:58Z");
        JsonNode first = probe.get("buckets").get(0);
        assertThat(first.get("started_at").asText()).isEqualTo("2026-03-01T09:59:58Z");
        assertThat(first.get("ok").asInt()).isEqualTo(13);
        assertThat(first.get("failed").asInt()).isZero();
        assertThat(first.get("versions").get("1.0.0").asInt()).isEqualTo(13);
    }

    @Test
    void aRecordWithoutProbeLeavesItOut() throws Exception {
        RolloutRecord record = Rollouts.resumedRun();

        assertThat(json.readTree(record.toJson()).has("probe")).isFalse();
        assertThat(RolloutRecord.fromJson(record.toJson()).probeTimeline()).isEmpty();
    }

    @Test
    void aBareSummaryIsReadAsARecordWithoutProbe() {
        RolloutRecord record = Rollouts.resumedRun();

        assertThat(RolloutRecord.fromJson(record.summary().toJson())).isEqualTo(RolloutRecord.of(record.summary()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "42", "{\"name\": \"x\"}", "{\"summary\": []}", "{not json"})
    void somethingElseIsRefusedSayingWhatIsExpected(String text) {
        assertThatThrownBy(() -> RolloutRecord.fromJson(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a rollout record ({\"summary\": {...}, \"probe\": {...}}) or a rollout summary");
    }

    @Test
    void aProbeWhoseSlicesDoNotFitIsRefusedNamingTheSlice() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(Rollouts.cleanWithProbe().toJson());
        ((ObjectNode) root.get("probe").get("buckets").get(3)).put("started_at", "2026-03-01T09:59:58.100Z");

        assertThatThrownBy(() -> RolloutRecord.fromJson(root.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its \"probe\" is not a probe timeline")
                .hasMessageContaining("probe bucket at 2026-03-01T09:59:58.100Z does not fit: buckets must start at "
                        + "2026-03-01T09:59:58Z plus a multiple of 250 ms, oldest first, once each");
    }

    @Test
    void negativeCountsInAProbeAreRefused() throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(Rollouts.cleanWithProbe().toJson());
        ((ObjectNode) root.get("probe").get("buckets").get(0)).put("failed", -1);

        assertThatThrownBy(() -> RolloutRecord.fromJson(root.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counts must not be negative (ok 13, failed -1)");
    }
}
