package io.webappupgrade.deployment.local;

import io.webappupgrade.agent.OperationRegistry;
import io.webappupgrade.agent.OperationSpec;
import io.webappupgrade.ctx.local.LocalNodeInstance;
import io.webappupgrade.ctx.local.LocalOperationContext;
import io.webappupgrade.ctx.local.LocalRuntimeProperties;
import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A deployment on this machine, without Cloudify: the operations of plugin.yaml run in this
 * process, with the same code the agent jar runs under Cloudify, and the instances' runtime
 * properties live in a state file. Operations on different instances may run at once; two on the
 * same instance take turns. Relationship operations on one load balancer run side by side (its
 * backend set has its own lock), and write its runtime properties key by key.
 */
public final class LocalDeployment implements Deployment {

    private final LocalTopology topology;
    private final PluginTypes types;
    private final LocalStateStore state;
    private final OperationRegistry registry;
    private final Consumer<String> events;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public LocalDeployment(LocalTopology topology, PluginTypes types, OperationRegistry registry, Consumer<String> events) {
        this.topology = topology;
        this.types = types;
        this.state = LocalStateStore.open(topology.stateFile());
        this.registry = registry;
        this.events = events;
    }

    public LocalTopology topology() {
        return topology;
    }

    @Override
    public String id() {
        return topology.deployment();
    }

    @Override
    public List<NodeInstance> instances() {
        List<NodeInstance> out = new ArrayList<>();
        for (LocalTopology.Node node : topology.nodes()) {
            PluginTypes.NodeType type = nodeType(node);
            for (String id : node.instanceIds()) {
                List<RelationshipInstance> rels = new ArrayList<>();
                for (LocalTopology.Relationship r : node.relationships()) {
                    PluginTypes.RelationshipType relType = types.relationshipType(r.type()).orElseThrow();
                    for (String targetId : topology.node(r.target()).instanceIds()) {
                        rels.add(new RelationshipInstance(r.type(), relType.hierarchy(), r.target(), targetId));
                    }
                }
                out.add(new NodeInstance(id, node.id(), type.hierarchy(), type.operations().keySet(), rels,
                        state.get(id).runtimeProperties()));
            }
        }
        return out;
    }

    /** The lifecycle state Cloudify would show: uninitialized, started, deleted, ... */
    public String state(String instanceId) {
        return state.get(instanceId).state();
    }

    /** The instances the state file records, whatever their state (an instance never installed is not there). */
    Set<String> recordedInstanceIds() {
        return state.instanceIds();
    }

    void markState(String instanceId, String newState) {
        state.putState(instanceId, newState);
    }

    @Override
    public void runNodeOperation(String instanceId, String operation, Map<String, Object> inputs) {
        LocalTopology.Node node = nodeOf(instanceId);
        String agentOp = nodeType(node).operations().get(operation);
        if (agentOp == null) {
            throw new OperationFailedException("node " + node.id() + " (" + node.type() + ") has no operation " + operation);
        }
        ReentrantLock lock = lock(instanceId);
        lock.lock();
        try {
            LocalNodeInstance instance = contextOf(node, instanceId);
            run(agentOp, LocalOperationContext.builder().deploymentId(id()).instance(instance).inputs(inputs).build());
            state.putRuntimeProperties(instanceId, instance.runtimeProperties().read().asMap());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
            String operation, Map<String, Object> inputs) {
        PluginTypes.RelationshipType type = types.relationshipType(relationship.type()).orElseThrow(() ->
                new OperationFailedException("relationship type " + relationship.type() + " is not in plugin.yaml"));
        String agentOp = type.targetOperations().get(operation);
        if (agentOp == null) {
            throw new OperationFailedException("relationship " + relationship.type() + " has no target operation " + operation);
        }
        String targetId = relationship.targetInstanceId();
        // The source is held for the whole operation; the target (a load balancer that all its
        // sources share) only around each write, so the instances of a batch drain side by side.
        ReentrantLock sourceLock = lock(sourceInstanceId);
        sourceLock.lock();
        try {
            LocalNodeInstance source = contextOf(nodeOf(sourceInstanceId), sourceInstanceId);
            LocalNodeInstance target = sharedContextOf(nodeOf(targetId), targetId);
            run(agentOp, LocalOperationContext.builder().deploymentId(id()).relationship(source, target)
                    .inputs(inputs).build());
            state.putRuntimeProperties(sourceInstanceId, source.runtimeProperties().read().asMap());
        } finally {
            sourceLock.unlock();
        }
    }

    @Override
    public void publishEvent(String message) {
        try {
            events.accept(message);
        } catch (RuntimeException e) {
            // an event lost must not fail the rollout
        }
    }

    private void run(String agentOp, LocalOperationContext ctx) {
        OperationSpec spec = registry.find(agentOp).orElseThrow(() ->
                new OperationFailedException("plugin.yaml names agent operation " + agentOp + ", which this agent does not have"));
        try {
            spec.body().run(ctx);
        } catch (RuntimeException e) {
            throw new OperationFailedException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted", e);
        } catch (Exception e) {
            throw new OperationFailedException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private LocalNodeInstance contextOf(LocalTopology.Node node, String instanceId) {
        LocalRuntimeProperties runtime = new LocalRuntimeProperties(state.get(instanceId).runtimeProperties(),
                snapshot -> state.putRuntimeProperties(instanceId, snapshot));
        return new LocalNodeInstance(node.id(), instanceId, node.properties(), runtime);
    }

    /**
     * The context of an instance that other operations may change meanwhile: each write goes to
     * the state at once, key by key, under the instance's lock (so never in the middle of a node
     * operation on it), instead of one whole copy written back at the end.
     */
    private LocalNodeInstance sharedContextOf(LocalTopology.Node node, String instanceId) {
        LocalRuntimeProperties runtime = LocalRuntimeProperties.writingThrough(
                state.get(instanceId).runtimeProperties(), (key, value) -> {
                    ReentrantLock lock = lock(instanceId);
                    lock.lock();
                    try {
                        state.putRuntimeProperty(instanceId, key, value);
                    } finally {
                        lock.unlock();
                    }
                });
        return new LocalNodeInstance(node.id(), instanceId, node.properties(), runtime);
    }

    private LocalTopology.Node nodeOf(String instanceId) {
        for (LocalTopology.Node node : topology.nodes()) {
            if (node.instanceIds().contains(instanceId)) {
                return node;
            }
        }
        throw new OperationFailedException("no instance " + instanceId + " in deployment " + id());
    }

    /** The node's type and its ancestors, root first. */
    List<String> typeHierarchy(LocalTopology.Node node) {
        return nodeType(node).hierarchy();
    }

    private PluginTypes.NodeType nodeType(LocalTopology.Node node) {
        return types.nodeType(node.type()).orElseThrow();
    }

    private ReentrantLock lock(String instanceId) {
        return locks.computeIfAbsent(instanceId, k -> new ReentrantLock());
    }
}
