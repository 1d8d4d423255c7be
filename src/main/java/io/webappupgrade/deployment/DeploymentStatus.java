package io.webappupgrade.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code status} shows: each web-app instance, the release it serves and whether each of
 * its load balancers sends it traffic. Built from the instances alone: the load balancer's runtime
 * property {@code backends} (server name = app instance id, with {@code enabled}) says who is in.
 *
 * @param instances web-app instances (nodes with both webapp_upgrade operations), by node then id
 */
public record DeploymentStatus(String deploymentId, List<AppInstanceStatus> instances) {

    public DeploymentStatus {
        Objects.requireNonNull(deploymentId, "deploymentId");
        instances = List.copyOf(instances);
    }

    /**
     * @param lbRelationship relationships whose type derives from this are load-balancer links
     *                       (the rollout's {@code lb_relationship})
     */
    public static DeploymentStatus of(String deploymentId, List<NodeInstance> all, String lbRelationship) {
        Map<String, NodeInstance> byId = new HashMap<>();
        all.forEach(i -> byId.put(i.id(), i));
        List<AppInstanceStatus> out = new ArrayList<>();
        all.stream()
                .filter(i -> i.hasOperation(DeploymentOperations.UPGRADE) && i.hasOperation(DeploymentOperations.ROLLBACK))
                .sorted(Comparator.comparing(NodeInstance::nodeId).thenComparing(NodeInstance::id))
                .forEach(i -> {
                    List<LoadBalancerMembership> lbs = new ArrayList<>();
                    for (RelationshipInstance r : i.relationships()) {
                        if (r.isDerivedFrom(lbRelationship)) {
                            lbs.add(new LoadBalancerMembership(r.targetInstanceId(), membership(i.id(), byId.get(r.targetInstanceId()))));
                        }
                    }
                    out.add(new AppInstanceStatus(i.id(), i.nodeId(), text(i, DeploymentOperations.APP_VERSION),
                            text(i, DeploymentOperations.APP_PREVIOUS_VERSION), lbs));
                });
        return new DeploymentStatus(deploymentId, out);
    }

    /** How many instances serve each release ("" for instances without app_version), by release. */
    public Map<String, Long> versions() {
        Map<String, Long> m = new TreeMap<>();
        instances.forEach(i -> m.merge(i.appVersion(), 1L, Long::sum));
        return m;
    }

    /** Instances not in every one of their load balancers. */
    public List<AppInstanceStatus> outOfLoadBalancer() {
        return instances.stream().filter(i -> !i.inLoadBalancer()).toList();
    }

    /**
     * One web-app instance.
     *
     * @param appVersion      the release it serves; empty when unknown
     * @param previousVersion the release before it; empty when none
     */
    public record AppInstanceStatus(String instanceId, String nodeId, String appVersion, String previousVersion,
            List<LoadBalancerMembership> loadBalancers) {
        public AppInstanceStatus {
            loadBalancers = List.copyOf(loadBalancers);
        }

        /** In every load balancer it is linked to (vacuously true without links). */
        public boolean inLoadBalancer() {
            return loadBalancers.stream().allMatch(m -> m.state() == Membership.IN);
        }
    }

    /** One load balancer of an instance, and the instance's place in it. */
    public record LoadBalancerMembership(String loadBalancerInstanceId, Membership state) {
    }

    public enum Membership {
        /** Listed and enabled: it gets traffic. */
        IN,
        /** Listed but disabled: being drained or added. */
        DISABLED,
        /** Not listed. */
        OUT,
        /** The load balancer records no backends (not this plugin's type, or not configured). */
        UNKNOWN
    }

    private static Membership membership(String appInstanceId, NodeInstance lb) {
        Object backends = lb == null ? null : lb.runtimeProperties().get(DeploymentOperations.BACKENDS);
        if (!(backends instanceof Map<?, ?> servers)) {
            return Membership.UNKNOWN;
        }
        Object server = servers.get(appInstanceId);
        if (!(server instanceof Map<?, ?> entry)) {
            return Membership.OUT;
        }
        return Boolean.FALSE.equals(entry.get("enabled")) ? Membership.DISABLED : Membership.IN;
    }

    private static String text(NodeInstance i, String key) {
        Object v = i.runtimeProperties().get(key);
        return v == null || v instanceof Map || v instanceof List ? "" : String.valueOf(v);
    }
}
