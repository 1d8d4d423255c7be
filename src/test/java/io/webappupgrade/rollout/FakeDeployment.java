package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory deployment (a test double of our own port) that records every call, keeps track of
 * which instances are out of the load balancer, moves {@code app_version} the way the real
 * operations do, and fails the calls it is told to fail.
 */
final class FakeDeployment implements Deployment {

    /** One call; {@link #brief()} reads like "unlink web_1", "upgrade web_1", "establish web_1". */
    record Call(String instanceId, String operation, String target, Map<String, Object> inputs, String thread) {
        String brief() {
            String op = operation.substring(operation.lastIndexOf('.') + 1);
            return op + " " + instanceId;
        }
    }

    /** Runs before a call takes effect; may throw to simulate an interruption or a crash. */
    @FunctionalInterface
    interface Hook {
        void before(Call call) throws InterruptedException;
    }

    private final String id;
    private final MutableClock clock;
    private final Map<String, NodeInstance> instances = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Set<String> outOfLb = new LinkedHashSet<>();
    private final Map<String, String> failures = new HashMap<>();
    private int maxOut;
    private Hook hook = call -> { };

    FakeDeployment(String id, MutableClock clock, List<NodeInstance> instances) {
        this.id = id;
        this.clock = clock;
        instances.forEach(i -> this.instances.put(i.id(), i));
    }

    /** Makes the call whose {@link Call#brief()} is {@code brief} fail with {@code error}, every time. */
    synchronized FakeDeployment failOn(String brief, String error) {
        failures.put(brief, error);
        return this;
    }

    synchronized FakeDeployment stopFailing(String brief) {
        failures.remove(brief);
        return this;
    }

    synchronized FakeDeployment hook(Hook hook) {
        this.hook = hook;
        return this;
    }

    /** Adds a line to the call log (for example a sleep), to check its place among the calls. */
    synchronized void note(String line) {
        log.add(line);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every call's brief plus the notes, in the order they happened. */
    synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized Set<String> outOfLoadBalancer() {
        return Set.copyOf(outOfLb);
    }

    /** The most instances out of the load balancer at the same moment. */
    synchronized int maxOutAtOnce() {
        return maxOut;
    }

    synchronized String version(String instanceId) {
        return (String) instances.get(instanceId).runtimeProperties().get(LifecycleOperations.APP_VERSION);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized List<NodeInstance> instances() {
        return List.copyOf(instances.values());
    }

    @Override
    public void runNodeOperation(String instanceId, String operation, Map<String, Object> inputs)
            throws InterruptedException {
        Call call = new Call(instanceId, operation, null, Map.copyOf(inputs), Thread.currentThread().getName());
        begin(call);
        synchronized (this) {
            if (!instances.containsKey(instanceId)) {
                throw new OperationFailedException("no instance " + instanceId);
            }
            switch (operation) {
                case LifecycleOperations.UPGRADE -> setVersion(instanceId, (String) inputs.get("version"));
                case LifecycleOperations.ROLLBACK -> stepBack(instanceId);
                default -> throw new OperationFailedException("operation " + operation + " is not mapped");
            }
        }
    }

    @Override
    public void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
            String operation, Map<String, Object> inputs) throws InterruptedException {
        Call call = new Call(sourceInstanceId, operation, relationship.targetInstanceId(), Map.copyOf(inputs),
                Thread.currentThread().getName());
        begin(call);
        synchronized (this) {
            boolean known = instances.get(sourceInstanceId).relationships().contains(relationship);
            if (!known) {
                throw new OperationFailedException(sourceInstanceId + " has no relationship " + relationship);
            }
            switch (operation) {
                case LifecycleOperations.UNLINK -> {
                    outOfLb.add(sourceInstanceId);
                    maxOut = Math.max(maxOut, outOfLb.size());
                }
                case LifecycleOperations.ESTABLISH -> outOfLb.remove(sourceInstanceId);
                default -> throw new OperationFailedException("relationship operation " + operation + " is not mapped");
            }
        }
    }

    @Override
    public synchronized void publishEvent(String message) {
        events.add(message);
    }

    /** Records the call, runs the hook (outside the lock, so hooks may wait for other threads), fails if told. */
    private void begin(Call call) throws InterruptedException {
        Hook h;
        synchronized (this) {
            calls.add(call);
            log.add(call.brief());
            h = hook;
        }
        h.before(call);
        synchronized (this) {
            clock.advance(Duration.ofSeconds(1));
            String error = failures.get(call.brief());
            if (error != null) {
                throw new OperationFailedException(error);
            }
        }
    }

    private void setVersion(String instanceId, String version) {
        NodeInstance i = instances.get(instanceId);
        Map<String, Object> props = new LinkedHashMap<>(i.runtimeProperties());
        Object old = props.get(LifecycleOperations.APP_VERSION);
        if (old != null) {
            props.put(LifecycleOperations.APP_PREVIOUS_VERSION, old);
        }
        props.put(LifecycleOperations.APP_VERSION, version);
        replace(i, props);
    }

    private void stepBack(String instanceId) {
        NodeInstance i = instances.get(instanceId);
        Map<String, Object> props = new LinkedHashMap<>(i.runtimeProperties());
        Object previous = props.remove(LifecycleOperations.APP_PREVIOUS_VERSION);
        if (previous == null) {
            throw new OperationFailedException("no previous release to roll back to");
        }
        props.put(LifecycleOperations.APP_VERSION, previous);
        replace(i, props);
    }

    private void replace(NodeInstance i, Map<String, Object> props) {
        instances.put(i.id(), new NodeInstance(i.id(), i.nodeId(), i.typeHierarchy(), i.operations(),
                i.relationships(), props));
    }
}
