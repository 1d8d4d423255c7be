package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import java.time.Duration;
import java.time.Instant;
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
 * operations do, records their timed steps in {@code last_steps} as they do (health not ok when
 * the call fails), and fails the calls it is told to fail.
 */
public final class FakeDeployment implements Deployment {

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
    private final Set<String> down = new LinkedHashSet<>();
    /** Sessions in flight list_servers reports, by instance; 0 for the others, as an idle HAProxy says. */
    private final Map<String, Long> sessions = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private int maxOut;
    private boolean unreadable;
    private boolean recordsSteps = true;
    private boolean sideBySide;
    private Hook hook = call -> { };
    /** HAProxy counters list_servers reports, by the release a server runs; none when empty. */
    private final Map<String, Traffic> trafficByVersion = new HashMap<>();
    private Instant trafficStart;

    /**
     * What each server on {@code version} answers: {@code perSecond} requests a second, {@code failedPerHundred}
     * of them 5xx, at {@code rtimeMs}. list_servers then reports cumulative counters, as HAProxy does.
     */
    record Traffic(int perSecond, int failedPerHundred, long rtimeMs) {
    }

    public FakeDeployment(String id, MutableClock clock, List<NodeInstance> instances) {
        this.id = id;
        this.clock = clock;
        instances.forEach(i -> this.instances.put(i.id(), i));
    }

    /** Makes the call whose {@link Call#brief()} is {@code brief} fail with {@code error}, every time. */
    public synchronized FakeDeployment failOn(String brief, String error) {
        failures.put(brief, error);
        return this;
    }

    synchronized FakeDeployment stopFailing(String brief) {
        failures.remove(brief);
        return this;
    }

    /** Says operations run side by side, as the local and workflow runtimes do (the engine then prepares ahead). */
    synchronized FakeDeployment sideBySide() {
        this.sideBySide = true;
        return this;
    }

    @Override
    public synchronized boolean runsOperationsSideBySide() {
        return sideBySide;
    }

    /** Makes {@link #runtimeProperties(String)} fail, as a lost connection to a manager would. */
    synchronized FakeDeployment unreadableRuntimeProperties() {
        this.unreadable = true;
        return this;
    }

    /** Operations leave {@code last_steps} as it was, as those of an older plugin do. */
    synchronized FakeDeployment withoutSteps() {
        this.recordsSteps = false;
        return this;
    }

    /** HAProxy's checks of this instance's server fail from now on (it is DOWN in the load balancer). */
    synchronized FakeDeployment markDown(String instanceId) {
        down.add(instanceId);
        return this;
    }

    /** HAProxy reports {@code count} sessions in flight on this instance's server from now on. */
    synchronized FakeDeployment sessionsInFlight(String instanceId, long count) {
        sessions.put(instanceId, count);
        return this;
    }

    synchronized void setRuntimeProperty(String instanceId, String key, Object value) {
        NodeInstance i = instances.get(instanceId);
        Map<String, Object> props = new LinkedHashMap<>(i.runtimeProperties());
        props.put(key, value);
        replace(i, props);
    }

    @Override
    public synchronized Map<String, Object> runtimeProperties(String instanceId) {
        if (unreadable) {
            throw new IllegalStateException("connection reset while reading " + instanceId);
        }
        return Deployment.super.runtimeProperties(instanceId);
    }

    synchronized FakeDeployment traffic(String version, Traffic traffic) {
        trafficByVersion.put(version, traffic);
        if (trafficStart == null) {
            trafficStart = clock.instant();
        }
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
        return (String) instances.get(instanceId).runtimeProperties().get(DeploymentOperations.APP_VERSION);
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
                case DeploymentOperations.PREPARE -> { } // fetches beside the serving release: no visible change
                case DeploymentOperations.START -> { } // the recorded release runs (again): no visible change
                case DeploymentOperations.UPGRADE -> setVersion(instanceId, (String) inputs.get("version"));
                case DeploymentOperations.ROLLBACK -> stepBack(instanceId);
                case DeploymentOperations.LIST_SERVERS -> listServers(instanceId);
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
                case DeploymentOperations.UNLINK -> {
                    outOfLb.add(sourceInstanceId);
                    maxOut = Math.max(maxOut, outOfLb.size());
                }
                case DeploymentOperations.ESTABLISH -> outOfLb.remove(sourceInstanceId);
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
            Instant start = clock.instant();
            clock.advance(Duration.ofSeconds(1));
            String error = failures.get(call.brief());
            recordSteps(call, start, error == null);
            if (error != null) {
                throw new OperationFailedException(error);
            }
        }
    }

    /**
     * What the real operation leaves in {@code last_steps}, within the second the call takes:
     * upgrade install 0-400 ms, stop 400-500, start 500-600, health 600-1000; rollback stop
     * 0-100, start 100-200, health 200-1000.
     */
    private void recordSteps(Call call, Instant start, boolean healthy) {
        if (!recordsSteps || call.target() != null || !instances.containsKey(call.instanceId())) {
            return;
        }
        String from = String.valueOf(instances.get(call.instanceId()).runtimeProperties()
                .get(DeploymentOperations.APP_VERSION));
        List<Map<String, Object>> steps = new ArrayList<>();
        String operation;
        if (call.operation().equals(DeploymentOperations.UPGRADE)) {
            operation = "upgrade";
            String to = (String) call.inputs().get("version");
            steps.add(step("install", to, start, 0, 400, true));
            steps.add(step("stop", from, start, 400, 500, true));
            steps.add(step("start", to, start, 500, 600, true));
            steps.add(step("health", to, start, 600, 1000, healthy));
        } else if (call.operation().equals(DeploymentOperations.ROLLBACK)) {
            operation = "rollback";
            String to = String.valueOf(instances.get(call.instanceId()).runtimeProperties()
                    .get(DeploymentOperations.APP_PREVIOUS_VERSION));
            steps.add(step("stop", from, start, 0, 100, true));
            steps.add(step("start", to, start, 100, 200, true));
            steps.add(step("health", to, start, 200, 1000, healthy));
        } else {
            return;
        }
        setRuntimeProperty(call.instanceId(), "last_steps", Map.of("operation", operation, "steps", steps));
    }

    private static Map<String, Object> step(String name, String version, Instant start, long fromMs, long toMs,
            boolean ok) {
        return Map.of("step", name, "version", version, "started_at", start.plusMillis(fromMs).toString(),
                "ended_at", start.plusMillis(toMs).toString(), "ok", ok);
    }

    /** What haproxy.list_servers records: every instance linked to this load balancer and still in it. */
    private void listServers(String balancer) {
        List<Map<String, Object>> servers = new ArrayList<>();
        for (NodeInstance i : instances.values()) {
            boolean linked = i.relationships().stream().anyMatch(r -> r.targetInstanceId().equals(balancer));
            if (linked && !outOfLb.contains(i.id())) {
                Map<String, Object> server = new LinkedHashMap<>(Map.of("name", i.id(),
                        "operational", down.contains(i.id()) ? "DOWN" : "UP", "admin_state", "READY",
                        "sessions", sessions.getOrDefault(i.id(), 0L)));
                Traffic t = trafficByVersion.get(String.valueOf(i.runtimeProperties().get(DeploymentOperations.APP_VERSION)));
                if (t != null) {
                    long requests = t.perSecond() * Duration.between(trafficStart, clock.instant()).toSeconds();
                    long failed = requests * t.failedPerHundred() / 100;
                    server.put("counters", Map.of("hrsp_2xx", requests - failed, "hrsp_5xx", failed, "rtime", t.rtimeMs()));
                }
                servers.add(server);
            }
        }
        setRuntimeProperty(balancer, BalancerReadings.SERVERS, servers);
    }

    private void setVersion(String instanceId, String version) {
        NodeInstance i = instances.get(instanceId);
        Map<String, Object> props = new LinkedHashMap<>(i.runtimeProperties());
        Object old = props.get(DeploymentOperations.APP_VERSION);
        if (old != null) {
            props.put(DeploymentOperations.APP_PREVIOUS_VERSION, old);
        }
        props.put(DeploymentOperations.APP_VERSION, version);
        replace(i, props);
    }

    private void stepBack(String instanceId) {
        NodeInstance i = instances.get(instanceId);
        Map<String, Object> props = new LinkedHashMap<>(i.runtimeProperties());
        Object previous = props.remove(DeploymentOperations.APP_PREVIOUS_VERSION);
        if (previous == null) {
            throw new OperationFailedException("no previous release to roll back to");
        }
        props.put(DeploymentOperations.APP_VERSION, previous);
        replace(i, props);
    }

    private void replace(NodeInstance i, Map<String, Object> props) {
        instances.put(i.id(), new NodeInstance(i.id(), i.nodeId(), i.typeHierarchy(), i.operations(),
                i.relationships(), props));
    }
}
