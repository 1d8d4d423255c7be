package io.webappupgrade.rollout;

import java.util.List;
import java.util.Objects;

/**
 * What a run will do, made by {@link Planner} before anything is called.
 *
 * @param candidates   instances with both webapp_upgrade operations that pass the filters
 * @param quota        how many of them the percentage covers
 * @param selected     the instances to process, in order
 * @param skipped      the candidates left alone, each with its reason
 * @param batches      {@code selected} cut into batches
 * @param putBackFirst instances a previous, interrupted run left out of the load balancer;
 *                     the run puts them back before anything else
 */
public record RolloutPlan(RolloutParameters parameters, int candidates, int quota, List<PlannedInstance> selected,
        List<SkippedInstance> skipped, List<Batch> batches, List<String> putBackFirst) {

    public RolloutPlan {
        Objects.requireNonNull(parameters, "parameters");
        selected = List.copyOf(selected);
        skipped = List.copyOf(skipped);
        batches = List.copyOf(batches);
        putBackFirst = List.copyOf(putBackFirst);
    }

    public RolloutMode mode() {
        return parameters.mode();
    }

    /** Whether the run has nothing at all to do. */
    public boolean isEmpty() {
        return selected.isEmpty() && putBackFirst.isEmpty();
    }

    public List<String> selectedIds() {
        return selected.stream().map(PlannedInstance::instanceId).toList();
    }
}
