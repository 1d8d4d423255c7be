package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the load balancers say of their servers as a batch starts: each one's
 * {@value DeploymentOperations#LIST_SERVERS}, which records them in the runtime property
 * {@value #SERVERS}. Each load balancer is read at most once, however many questions are asked of
 * it (which instances are least busy, whether enough servers stay), because in Cloudify every read
 * is an operation run by an agent. One instance per batch: the next batch reads afresh.
 */
final class BalancerReadings {

    static final String SERVERS = "servers";

    /** One load balancer's answer. */
    record Reading(Kind kind, List<Map<?, ?>> servers, String problem) {

        Reading {
            servers = List.copyOf(servers);
        }

        enum Kind {
            /** {@code servers} holds what it reported. */
            SERVERS,
            /** It has the operation, but the read failed; {@code problem} says why. */
            UNREADABLE,
            /** Its node has no {@value DeploymentOperations#LIST_SERVERS}: a load balancer of another kind. */
            CANNOT_TELL
        }
    }

    private final Deployment deployment;
    private final Map<String, NodeInstance> instances;
    private final Map<String, Reading> read = new HashMap<>();
    /** Each readable load balancer's servers by name, for the sessions of many instances. */
    private final Map<String, Map<String, Map<?, ?>>> byName = new HashMap<>();

    BalancerReadings(Deployment deployment, Map<String, NodeInstance> instances) {
        this.deployment = deployment;
        this.instances = instances;
    }

    /** What load balancer {@code lb} reports, read now unless it was read for this batch already. */
    Reading of(String lb) throws InterruptedException {
        Reading known = read.get(lb);
        if (known != null) {
            return known;
        }
        Reading reading = readNow(lb);
        read.put(lb, reading);
        return reading;
    }

    /**
     * The sessions {@code instance} has in flight, summed over its load balancers (a server that is
     * not in one counts 0); empty when one of them cannot tell.
     */
    OptionalLong sessions(PlannedInstance instance) throws InterruptedException {
        long sum = 0;
        for (RelationshipInstance link : instance.lbRelationships()) {
            String lb = link.targetInstanceId();
            Reading reading = of(lb);
            if (reading.kind() != Reading.Kind.SERVERS) {
                return OptionalLong.empty();
            }
            Map<?, ?> server = byName.computeIfAbsent(lb, k -> index(reading.servers())).get(instance.instanceId());
            if (server != null) {
                if (!(server.get("sessions") instanceof Number n)) {
                    return OptionalLong.empty();
                }
                sum += n.longValue();
            }
        }
        return OptionalLong.of(sum);
    }

    private Reading readNow(String lb) throws InterruptedException {
        NodeInstance balancer = instances.get(lb);
        if (balancer != null && !balancer.hasOperation(DeploymentOperations.LIST_SERVERS)) {
            return new Reading(Reading.Kind.CANNOT_TELL, List.of(), null);
        }
        try {
            return new Reading(Reading.Kind.SERVERS, listServers(deployment, lb), null);
        } catch (OperationFailedException | IllegalArgumentException e) {
            return new Reading(Reading.Kind.UNREADABLE, List.of(), e.getMessage());
        }
    }

    private static Map<String, Map<?, ?>> index(List<Map<?, ?>> servers) {
        Map<String, Map<?, ?>> out = new HashMap<>();
        servers.forEach(server -> out.putIfAbsent(String.valueOf(server.get("name")), server));
        return out;
    }

    /**
     * Runs {@code lb}'s {@value DeploymentOperations#LIST_SERVERS} now and returns the servers it
     * recorded, each as a map; for a reader that needs a fresh look each time.
     *
     * @throws IllegalArgumentException when the operation left no list of servers
     */
    static List<Map<?, ?>> listServers(Deployment deployment, String lb) throws InterruptedException {
        deployment.runNodeOperation(lb, DeploymentOperations.LIST_SERVERS, Map.of());
        Object property = deployment.runtimeProperties(lb).get(SERVERS);
        if (!(property instanceof List<?> list)) {
            throw new IllegalArgumentException("runtime property '" + SERVERS + "' of " + lb + " is "
                    + (property == null ? "missing" : "not a list") + " after " + DeploymentOperations.LIST_SERVERS);
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
                out.add(m);
            }
        }
        return out;
    }
}
