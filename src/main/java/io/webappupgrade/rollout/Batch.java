package io.webappupgrade.rollout;

import java.util.List;

/** Instances taken out of the load balancer together; {@code number} counts from 1. */
public record Batch(int number, List<PlannedInstance> instances) {

    public Batch {
        instances = List.copyOf(instances);
    }

    public List<String> instanceIds() {
        return instances.stream().map(PlannedInstance::instanceId).toList();
    }
}
