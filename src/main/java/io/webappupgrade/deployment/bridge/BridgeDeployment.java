package io.webappupgrade.deployment.bridge;

import io.webappupgrade.ctx.proxy.CtxErrorReplyException;
import io.webappupgrade.ctx.proxy.CtxProxyClient;
import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deployment as a running Cloudify workflow sees it. The workflow's Python entry
 * (webapp_upgrade_workflow.py) serves its context over the ctx proxy protocol; this adapter
 * calls it. The entry handles one request at a time on the workflow's own thread, so calls are
 * made one at a time here too, and each waits as long as the operation it runs.
 *
 * <p>Before each operation the adapter asks the workflow whether the execution was asked to
 * cancel. From then on, every operation but {@code establish} (which puts an instance back in the
 * load balancer) ends in {@link InterruptedException} without running: the engine puts back what
 * is out and stops, as on Ctrl-C. The step in flight when the cancel came is finished, not abandoned.
 */
public final class BridgeDeployment implements Deployment {

    private final CtxProxyClient bridge;
    private final String deploymentId;
    /** The error type the workflow entry answers with when Cloudify refused a task after a cancel. */
    static final String CANCELLED_ERROR = "ExecutionCancelled";

    private final ReentrantLock oneAtATime = new ReentrantLock();
    private volatile boolean cancelled;

    public BridgeDeployment(CtxProxyClient bridge, String deploymentId) {
        this.bridge = bridge;
        this.deploymentId = deploymentId;
    }

    @Override
    public String id() {
        return deploymentId;
    }

    @Override
    public List<NodeInstance> instances() {
        Object reply = call("instances");
        if (!(reply instanceof List<?> list)) {
            throw new IllegalStateException("the workflow bridge answered instances with " + reply);
        }
        List<NodeInstance> out = new ArrayList<>();
        for (Object item : list) {
            out.add(toInstance(asMap(item, "instance")));
        }
        return out;
    }

    @Override
    public void runNodeOperation(String instanceId, String operation, Map<String, Object> inputs)
            throws InterruptedException {
        run(operation, "execute_operation", instanceId, operation, new LinkedHashMap<>(inputs), Map.of());
    }

    @Override
    public void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
            String operation, Map<String, Object> inputs) throws InterruptedException {
        run(operation, "execute_target_operation", sourceInstanceId, relationship.targetInstanceId(), relationship.type(),
                operation, new LinkedHashMap<>(inputs), Map.of());
    }

    @Override
    public void publishEvent(String message) {
        try {
            call("send_event", message);
        } catch (RuntimeException e) {
            // an event lost must not fail the rollout
        }
    }

    private void run(String operation, Object... args) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        boolean putsBack = DeploymentOperations.ESTABLISH.equals(operation);
        if (!putsBack && cancelSeen()) {
            throw new InterruptedException("the execution was asked to cancel, so " + operation + " was not started");
        }
        try {
            call(args);
        } catch (CtxErrorReplyException e) {
            if (CANCELLED_ERROR.equals(e.errorType())) {
                cancelled = true;
                throw new InterruptedException("the execution was cancelled before " + operation + " ran");
            }
            throw new OperationFailedException(operationError(e));
        }
    }

    /**
     * Whether the execution was asked to cancel, now or at an earlier check. Asked and remembered in
     * one step: the workflow may say so only once, and the instances of a batch check side by side,
     * so a second worker must not slip a step in between the answer and its being remembered.
     */
    private synchronized boolean cancelSeen() {
        if (!cancelled && Boolean.TRUE.equals(call("cancel_requested"))) {
            cancelled = true;
        }
        return cancelled;
    }

    /** True once the workflow said that the execution was asked to cancel. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Cloudify's task errors arrive as "Type: message"; the rollout wants the message. */
    private static String operationError(CtxErrorReplyException e) {
        String text = e.getMessage();
        int at = text.indexOf(" failed: ");
        String rest = at < 0 ? text : text.substring(at + " failed: ".length());
        String prefix = e.errorType() + ": ";
        return rest.startsWith(prefix) ? rest.substring(prefix.length()) : rest;
    }

    private Object call(Object... args) {
        oneAtATime.lock();
        try {
            return bridge.call(args);
        } finally {
            oneAtATime.unlock();
        }
    }

    private static NodeInstance toInstance(Map<String, Object> m) {
        List<RelationshipInstance> relationships = new ArrayList<>();
        for (Object r : asList(m.get("relationships"))) {
            Map<String, Object> rel = asMap(r, "relationship");
            relationships.add(new RelationshipInstance(String.valueOf(rel.get("type")),
                    strings(rel.get("type_hierarchy")), String.valueOf(rel.get("target_node_id")),
                    String.valueOf(rel.get("target_instance_id"))));
        }
        return new NodeInstance(String.valueOf(m.get("id")), String.valueOf(m.get("node_id")),
                strings(m.get("type_hierarchy")), Set.copyOf(strings(m.get("operations"))), relationships,
                asMap(m.getOrDefault("runtime_properties", Map.of()), "runtime_properties"));
    }

    private static List<?> asList(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object o : asList(value)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** A mapping the bridge sent, with string keys; an absent one is empty. */
    static Map<String, Object> asMap(Object value, String what) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException("the workflow bridge sent " + what + " that is not a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
