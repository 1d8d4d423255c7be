package io.webappupgrade.rollout.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a run: enough to render a full report from it alone. {@link #toJson()} writes it
 * with stable snake_case field names, ISO-8601 UTC timestamps and lower-case enum values.
 *
 * @param workflow       {@code webapp_upgrade} or {@code webapp_rollback}
 * @param exitCode       {@code outcome.exitCode()}, repeated for readers of the JSON
 * @param message        one line for people: what happened, and what to do if anything
 * @param parameters     the parameters by name, secrets redacted
 * @param instances      every candidate instance: selected ones in plan order, then skipped ones;
 *                       plus any instance a previous run left out of the load balancer
 * @param delays         the waits between batches
 * @param analyses       the verification windows after batches ({@code verify_seconds}); empty when off
 */
public record RolloutSummary(String deploymentId, String workflow, RolloutOutcome outcome, int exitCode,
        String message, Instant startedAt, Instant finishedAt, long durationMillis, Map<String, Object> parameters,
        List<InstanceReport> instances, List<DelaySpan> delays, Totals totals,
        List<BatchAnalysis> analyses) {

    public RolloutSummary {
        Objects.requireNonNull(outcome, "outcome");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        instances = List.copyOf(instances);
        delays = List.copyOf(delays);
        // summaries written before the analysis existed have none
        analyses = analyses == null ? List.of() : List.copyOf(analyses);
    }

    /** The report of {@code instanceId}, if the run knows it. */
    public Optional<InstanceReport> instance(String instanceId) {
        return instances.stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
    }

    public String toJson() {
        try {
            return SummaryJson.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rollout summary could not be written as JSON", e);
        }
    }

    /** Reads what {@link #toJson()} wrote. */
    public static RolloutSummary fromJson(String json) {
        try {
            return SummaryJson.MAPPER.readValue(json, RolloutSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a rollout summary: " + e.getOriginalMessage(), e);
        }
    }
}
