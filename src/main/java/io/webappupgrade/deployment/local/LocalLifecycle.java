package io.webappupgrade.deployment.local;

import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cloudify's install and uninstall workflows for a local deployment, in their order: targets
 * before the nodes that relate to them; per instance configure, start, then the target side of
 * each relationship's establish. Uninstall goes the other way: unlink, stop, delete.
 */
public final class LocalLifecycle {

    private static final String LIFECYCLE = "cloudify.interfaces.lifecycle.";
    private static final String RELATIONSHIP = "cloudify.interfaces.relationship_lifecycle.";

    private final LocalDeployment deployment;

    public LocalLifecycle(LocalDeployment deployment) {
        this.deployment = deployment;
    }

    /** Installs every instance not started yet; an instance already started is left as it is. */
    public void install() throws InterruptedException {
        for (NodeInstance instance : inDependencyOrder()) {
            if ("started".equals(deployment.state(instance.id()))) {
                continue;
            }
            deployment.publishEvent("installing " + instance.id());
            runIfDefined(instance, LIFECYCLE + "create");
            runIfDefined(instance, LIFECYCLE + "configure");
            runIfDefined(instance, LIFECYCLE + "start");
            for (RelationshipInstance rel : instance.relationships()) {
                deployment.runTargetRelationshipOperation(instance.id(), rel, RELATIONSHIP + "establish", Map.of());
            }
            deployment.markState(instance.id(), "started");
        }
    }

    /**
     * Uninstalls every instance, going on past failures so that as much as possible is stopped;
     * the first failure is thrown at the end.
     */
    public void uninstall() throws InterruptedException {
        List<NodeInstance> order = inDependencyOrder();
        java.util.Collections.reverse(order);
        OperationFailedException first = null;
        for (NodeInstance instance : order) {
            if ("uninitialized".equals(deployment.state(instance.id())) && instance.runtimeProperties().isEmpty()) {
                continue;
            }
            deployment.publishEvent("uninstalling " + instance.id());
            List<String> steps = new ArrayList<>();
            for (RelationshipInstance rel : instance.relationships()) {
                try {
                    deployment.runTargetRelationshipOperation(instance.id(), rel, RELATIONSHIP + "unlink", Map.of());
                } catch (OperationFailedException e) {
                    first = first == null ? e : first;
                }
            }
            steps.add(LIFECYCLE + "stop");
            steps.add(LIFECYCLE + "delete");
            for (String step : steps) {
                try {
                    runIfDefined(instance, step);
                } catch (OperationFailedException e) {
                    first = first == null ? e : first;
                }
            }
            deployment.markState(instance.id(), "deleted");
        }
        if (first != null) {
            throw first;
        }
    }

    private void runIfDefined(NodeInstance instance, String operation) throws InterruptedException {
        if (instance.hasOperation(operation)) {
            deployment.runNodeOperation(instance.id(), operation, Map.of());
        }
    }

    private List<NodeInstance> inDependencyOrder() {
        List<NodeInstance> all = deployment.instances();
        Set<String> doneNodes = new LinkedHashSet<>();
        List<NodeInstance> ordered = new ArrayList<>();
        while (ordered.size() < all.size()) {
            boolean progressed = false;
            for (NodeInstance i : all) {
                if (ordered.contains(i)) {
                    continue;
                }
                boolean ready = i.relationships().stream().allMatch(r -> doneNodes.contains(r.targetNodeId())
                        || r.targetNodeId().equals(i.nodeId()));
                if (ready) {
                    ordered.add(i);
                    progressed = true;
                }
            }
            all.stream().filter(ordered::contains).forEach(i -> doneNodes.add(i.nodeId()));
            if (!progressed) {
                throw new IllegalArgumentException("the topology's relationships form a cycle");
            }
        }
        return ordered;
    }
}
