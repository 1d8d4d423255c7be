package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.RelationshipInstance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a batch from taking out the last servers that serve: before the batch's unlink, looks at
 * the servers of each load balancer it is linked to (their {@value DeploymentOperations#LIST_SERVERS},
 * through {@link BalancerReadings}) and refuses when fewer than {@code min_serving} servers
 * outside the batch are UP and READY. It reads through the deployment port only, so it holds in
 * every runtime.
 */
final class ServingGuard {

    private final Deployment deployment;
    private final int minServing;

    ServingGuard(Deployment deployment, int minServing) {
        this.deployment = deployment;
        this.minServing = minServing;
    }

    /** Why the batch must not be taken out, or empty when it may. */
    Optional<String> refusal(Batch batch, BalancerReadings readings) throws InterruptedException {
        if (minServing == 0) {
            return Optional.empty();
        }
        Set<String> leaving = new HashSet<>(batch.instanceIds());
        Set<String> balancers = new LinkedHashSet<>();
        for (PlannedInstance i : batch.instances()) {
            i.lbRelationships().stream().map(RelationshipInstance::targetInstanceId).forEach(balancers::add);
        }
        List<String> problems = new ArrayList<>();
        for (String lb : balancers) {
            check(lb, readings.of(lb), leaving).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("refused to take out batch " + batch.number() + " (" + String.join(", ", batch.instanceIds())
                + "): " + String.join("; ", problems) + ". Nothing was taken out of the load balancer. Bring the other"
                + " servers back UP (or lower min_serving), then run again with the same parameters");
    }

    private Optional<String> check(String lb, BalancerReadings.Reading reading, Set<String> leaving) {
        switch (reading.kind()) {
            case CANNOT_TELL -> {
                // A load balancer of another kind cannot tell; the run says so rather than guessing.
                deployment.publishEvent("min_serving not checked on " + lb + ": its node has no "
                        + DeploymentOperations.LIST_SERVERS + " operation");
                return Optional.empty();
            }
            case UNREADABLE -> {
                return Optional.of("the servers of load balancer " + lb + " could not be read (" + reading.problem()
                        + "), so min_serving " + minServing + " cannot be checked");
            }
            default -> { }
        }
        List<String> serving = new ArrayList<>();
        List<String> notServing = new ArrayList<>();
        for (Map<?, ?> s : reading.servers()) {
            String name = String.valueOf(s.get("name"));
            if (leaving.contains(name)) {
                continue;
            }
            if ("UP".equals(s.get("operational")) && "READY".equals(s.get("admin_state"))) {
                serving.add(name);
            } else {
                notServing.add(name + " " + s.get("operational") + "/" + s.get("admin_state"));
            }
        }
        if (serving.size() >= minServing) {
            return Optional.empty();
        }
        return Optional.of("load balancer " + lb + " would have " + serving.size() + " server(s) UP and READY besides"
                + " the batch, fewer than min_serving " + minServing
                + (notServing.isEmpty() ? "" : " (not serving: " + String.join(", ", notServing) + ")"));
    }
}
