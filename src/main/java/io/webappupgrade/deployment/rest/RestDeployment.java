package io.webappupgrade.deployment.rest;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.manager.Execution;
import io.webappupgrade.manager.ExecutionFollower;
import io.webappupgrade.manager.ExistingRunningExecutionException;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.ManagerException;
import io.webappupgrade.manager.ManagerNode;
import io.webappupgrade.manager.ManagerNodeInstance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A deployment on a Cloudify manager, driven through its REST API.
 *
 * <p>Each operation runs as an {@code execute_operation} execution limited to one node instance
 * ({@code allow_kwargs_override} on, so the inputs given override the blueprint's), followed to
 * its end with its events relayed to the event sink; a failed or cancelled execution is an
 * {@link OperationFailedException} with the execution's error text.
 *
 * <p>The manager refuses a second active execution on a deployment, so operations run here one
 * at a time, in the order callers arrive. When something else runs on the deployment (a
 * person's execution, a scheduled workflow), the adapter waits and tries again every
 * {@link RestSettings#busyRetryInterval()}, saying so on the event sink, up to
 * {@link RestSettings#busyTimeout()}; it does not queue on the manager, so that a step never
 * starts long after the engine gave up on it.
 *
 * <p>Relationship operations cannot be run over REST: {@code unlink} and {@code establish} of a
 * load-balancer link run as the load balancer's node operations
 * {@code haproxy_backends.remove_backend} / {@code add_backend} with inputs {@code instance_id},
 * {@code address} and {@code port} (the app instance's runtime properties {@code ip} and
 * {@code port}, read fresh) plus the inputs given ({@code drain_timeout}).
 *
 * <p>An interrupted caller gets the current execution cancelled and then
 * {@link InterruptedException}; the engine then knows the instance may be out of the load balancer.
 */
public final class RestDeployment implements Deployment {

    static final String EXECUTE_OPERATION = "execute_operation";

    private final ManagerClient client;
    private final String deploymentId;
    private final RestSettings settings;
    private final Consumer<String> eventSink;
    private final Logger log;
    private final ExecutionFollower follower;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private volatile Map<String, ManagerNode> nodes;

    /**
     * @param eventSink receives the adapter's own messages, the lines given to {@link #publishEvent}
     *                  and the relayed events of each execution (the CLI's progress output)
     */
    public RestDeployment(ManagerClient client, String deploymentId, RestSettings settings, Consumer<String> eventSink) {
        this.client = Objects.requireNonNull(client, "client");
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.eventSink = Objects.requireNonNull(eventSink, "eventSink");
        this.log = settings.log();
        this.follower = new ExecutionFollower(client, settings.pollInterval(), settings.log());
    }

    @Override
    public String id() {
        return deploymentId;
    }

    /** Reads the nodes and then every node instance, fresh on each call. */
    @Override
    public List<NodeInstance> instances() {
        Map<String, ManagerNode> current = ManagerNode.byId(client.nodes(deploymentId));
        nodes = current;
        return InstanceAssembler.assemble(deploymentId, current, client.nodeInstances(deploymentId));
    }

    /** One {@code GET /node-instances/<id>}, rather than the whole deployment. */
    @Override
    public Map<String, Object> runtimeProperties(String instanceId) {
        return client.nodeInstance(instanceId).runtimeProperties();
    }

    @Override
    public void runNodeOperation(String instanceId, String operation, Map<String, Object> inputs)
            throws InterruptedException {
        run(instanceId, operation, inputs, operation + " on " + instanceId);
    }

    @Override
    public void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
            String operation, Map<String, Object> inputs) throws InterruptedException {
        String standIn = BackendOperations.standIn(operation);
        String target = relationship.targetInstanceId();
        String what = standIn + " of " + sourceInstanceId + " on " + target;
        requireOperation(relationship.targetNodeId(), target, standIn);
        ManagerNodeInstance source = client.nodeInstance(sourceInstanceId);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("instance_id", sourceInstanceId);
        kwargs.put("address", required(source, "ip", "the address the load balancer reaches it at", what));
        kwargs.put("port", required(source, "port", "the port it serves on", what));
        kwargs.putAll(inputs);
        run(target, standIn, kwargs, what);
    }

    /** No: executions run here one at a time, so a preparation ahead would delay the batch's own steps. */
    @Override
    public boolean runsOperationsSideBySide() {
        return false;
    }

    /** Goes to the event sink; the REST API has no way to add an event to the manager's stream. */
    @Override
    public void publishEvent(String message) {
        try {
            eventSink.accept(message);
        } catch (RuntimeException e) {
            // an event lost must not fail the rollout
        }
    }

    private void run(String instanceId, String operation, Map<String, Object> kwargs, String what)
            throws InterruptedException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("operation", operation);
        parameters.put("operation_kwargs", kwargs);
        parameters.put("allow_kwargs_override", true);
        parameters.put("node_instance_ids", List.of(instanceId));
        oneAtATime.lockInterruptibly();
        try {
            Execution started;
            try {
                started = startWhenFree(parameters, what);
            } catch (ManagerException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while starting " + what);
                }
                throw e;
            }
            if (Thread.interrupted()) {
                follower.cancel(started);
                throw new InterruptedException("interrupted as " + what + " started");
            }
            log.debug("execution {} runs {}", started.id(), what);
            Execution ended = follower.follow(started, e -> publishEvent(e.describe()));
            if (!ended.succeeded()) {
                throw new OperationFailedException(failure(ended, what));
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    private Execution startWhenFree(Map<String, Object> parameters, String what) throws InterruptedException {
        long deadline = System.nanoTime() + settings.busyTimeout().toNanos();
        while (true) {
            try {
                return client.startExecution(deploymentId, EXECUTE_OPERATION, parameters);
            } catch (ExistingRunningExecutionException busy) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new OperationFailedException("deployment " + deploymentId + " stayed busy with another "
                            + "execution for " + span(settings.busyTimeout()) + ", so " + what
                            + " was not started; the manager said: " + busy.getMessage());
                }
                String line = "deployment " + deploymentId + " is busy with another execution, so " + what
                        + " waits " + span(settings.busyRetryInterval()) + " and tries again (manager: "
                        + busy.getMessage() + ")";
                log.info(line);
                publishEvent(line);
                TimeUnit.MILLISECONDS.sleep(settings.busyRetryInterval().toMillis());
            }
        }
    }

    /** The execution's own error text, with its id so that people can look it up. */
    private static String failure(Execution ended, String what) {
        String error = ended.error().strip();
        if ("cancelled".equals(ended.status())) {
            return "execution " + ended.id() + " (" + what + ") was cancelled on the manager"
                    + (error.isEmpty() ? "" : ": " + error);
        }
        return (error.isEmpty() ? "execution ended '" + ended.status() + "' without an error text" : error)
                + " (execution " + ended.id() + ")";
    }

    private void requireOperation(String nodeId, String instanceId, String operation) {
        Map<String, ManagerNode> known = nodes;
        if (known == null || !known.containsKey(nodeId)) {
            known = ManagerNode.byId(client.nodes(deploymentId));
            nodes = known;
        }
        ManagerNode node = known.get(nodeId);
        if (node == null || !node.operations().contains(operation)) {
            throw new OperationFailedException("the load balancer " + instanceId + " (node '" + nodeId + "') has no "
                    + "operation " + operation + ", which the REST API needs in place of the relationship's establish/"
                    + "unlink; its node type must be this plugin's HAProxy type, from a plugin.yaml that has the "
                    + "haproxy_backends interface");
        }
    }

    private static Object required(ManagerNodeInstance source, String property, String meaning, String what) {
        Object value = source.runtimeProperties().get(property);
        if (value == null || value instanceof Map || value instanceof List || String.valueOf(value).isBlank()) {
            throw new OperationFailedException("app instance " + source.id() + " has no runtime property '" + property
                    + "' (" + meaning + "), so " + what + " cannot be run; its configure operation records it");
        }
        return value;
    }

    private static String span(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public String toString() {
        return "RestDeployment[" + deploymentId + " on " + client.connection() + "]";
    }
}
