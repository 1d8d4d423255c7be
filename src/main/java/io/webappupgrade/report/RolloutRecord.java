package io.webappupgrade.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report is drawn from: the run's summary and, when a load probe ran alongside it,
 * what the probe saw. Saved as one JSON document so a report can be drawn again later.
 *
 * <p>JSON form: {@code {"summary": <RolloutSummary#toJson()>, "probe": {...}}}, {@code probe}
 * left out when no probe ran. {@link #fromJson} also takes a bare summary.
 *
 * @param probe null when no probe ran
 */
public record RolloutRecord(RolloutSummary summary, ProbeTimeline probe) {

    private static final String ALLOWED = "expected a rollout record ({\"summary\": {...}, \"probe\": {...}})"
            + " or a rollout summary";

    public RolloutRecord {
        Objects.requireNonNull(summary, "summary");
    }

    /** A record without probe data. */
    public static RolloutRecord of(RolloutSummary summary) {
        return new RolloutRecord(summary, null);
    }

    public Optional<ProbeTimeline> probeTimeline() {
        return Optional.ofNullable(probe);
    }

    public String toJson() {
        try {
            ObjectNode root = RecordJson.MAPPER.createObjectNode();
            // The summary's own mapping writes it, so the embedded summary reads exactly like `--json`.
            root.set("summary", RecordJson.MAPPER.readTree(summary.toJson()));
            if (probe != null) {
                root.set("probe", RecordJson.MAPPER.valueToTree(probe));
            }
            return RecordJson.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rollout record could not be written as JSON", e);
        }
    }

    /**
     * Reads what {@link #toJson()} wrote, or a bare {@link RolloutSummary#toJson()}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static RolloutRecord fromJson(String json) {
        JsonNode root;
        try {
            root = RecordJson.MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + "; " + ALLOWED, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a rollout record: the JSON is not an object; " + ALLOWED);
        }
        if (!root.has("summary")) {
            if (root.has("outcome") && root.has("instances")) {
                return of(RolloutSummary.fromJson(json));
            }
            throw new IllegalArgumentException("not a rollout record: no \"summary\" field; " + ALLOWED);
        }
        JsonNode summaryNode = root.get("summary");
        if (!summaryNode.isObject()) {
            throw new IllegalArgumentException("not a rollout record: \"summary\" is not an object; " + ALLOWED);
        }
        RolloutSummary summary = RolloutSummary.fromJson(summaryNode.toString());
        JsonNode probeNode = root.get("probe");
        if (probeNode == null || probeNode.isNull()) {
            return of(summary);
        }
        return new RolloutRecord(summary, probe(probeNode));
    }

    private static ProbeTimeline probe(JsonNode node) {
        try {
            return RecordJson.MAPPER.treeToValue(node, ProbeTimeline.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("not a rollout record: its \"probe\" is not a probe timeline"
                    + " (started_at, bucket_millis, buckets of started_at, ok, failed, versions): " + why, e);
        }
    }
}
