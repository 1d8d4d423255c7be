package io.webappupgrade.deployment.local;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cloudify's install and uninstall workflows for a local deployment, in their order: targets
 * before the nodes that relate to them; per instance configure, start, then the target side of
 * each relationship's establish. Uninstall goes the other way: unlink, stop, delete, and then
 * stops any app process still running from the instance's folder.
 */
public final class LocalLifecycle {

    private final LocalDeployment deployment;
    private final LeftoverAppProcesses leftovers = new LeftoverAppProcesses(Duration.ofSeconds(10));

    public LocalLifecycle(LocalDeployment deployment) {
        this.deployment = deployment;
    }

    /** What an install did. */
    public record InstallResult(int installed, int checked) {
    }

    /**
     * Installs every instance not started yet, and converges those already started: each is
     * started again when its process is gone (an HAProxy comes back with its persisted server
     * set) and put back into its load balancer when it is not there. So running install again is
     * always safe, and it is how a deployment recovers after HAProxy or an app died.
     */
    public InstallResult install() throws InterruptedException {
        int installed = 0;
        int checked = 0;
        for (NodeInstance instance : inDependencyOrder()) {
            if ("started".equals(deployment.state(instance.id()))) {
                deployment.publishEvent("checking " + instance.id() + " (installed): running, and in its load balancer");
                runIfDefined(instance, DeploymentOperations.LIFECYCLE_PREFIX + "start");
                establish(instance);
                checked++;
                continue;
            }
            deployment.publishEvent("installing " + instance.id());
            runIfDefined(instance, DeploymentOperations.LIFECYCLE_PREFIX + "create");
            runIfDefined(instance, DeploymentOperations.LIFECYCLE_PREFIX + "configure");
            runIfDefined(instance, DeploymentOperations.LIFECYCLE_PREFIX + "start");
            establish(instance);
            deployment.markState(instance.id(), "started");
            installed++;
        }
        return new InstallResult(installed, checked);
    }

    private void establish(NodeInstance instance) {
        for (RelationshipInstance rel : instance.relationships()) {
            deployment.runTargetRelationshipOperation(instance.id(), rel,
                    DeploymentOperations.RELATIONSHIP_PREFIX + "establish", Map.of());
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
                    deployment.runTargetRelationshipOperation(instance.id(), rel,
                            DeploymentOperations.RELATIONSHIP_PREFIX + "unlink", Map.of());
                } catch (OperationFailedException e) {
                    first = first == null ? e : first;
                }
            }
            steps.add(DeploymentOperations.LIFECYCLE_PREFIX + "stop");
            steps.add(DeploymentOperations.LIFECYCLE_PREFIX + "delete");
            for (String step : steps) {
                try {
                    runIfDefined(instance, step);
                } catch (OperationFailedException e) {
                    first = first == null ? e : first;
                }
            }
            appFolder(instance).ifPresent(dir -> leftovers.stopUnder(dir, deployment::publishEvent));
            deployment.markState(instance.id(), "deleted");
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The folder an app instance's releases live in ({@code <base_dir>/<instance>}), as recorded
     * before the uninstall removed it; empty for instances that are not apps.
     */
    private static Optional<Path> appFolder(NodeInstance instance) {
        Object baseDir = instance.runtimeProperties().get("base_dir");
        if (baseDir == null || String.valueOf(baseDir).isBlank() || !instance.hasOperation(DeploymentOperations.UPGRADE)) {
            return Optional.empty();
        }
        return Optional.of(Path.of(String.valueOf(baseDir)).resolve(instance.id()));
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
