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
import io.webappupgrade.manager.ManagerEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A deployment on a Cloudify manager, driven through its REST API.
 *
 * <p>Each step runs as an {@code execute_operation} execution ({@code allow_kwargs_override} on,
 * so the inputs given override the blueprint's), followed to its end with its events relayed to
 * the event sink. The engine runs the instances of a batch side by side, one call each; their
 * calls of the same step are gathered ({@link BatchCalls}) into ONE execution per step per batch:
 * {@code node_instance_ids} lists the batch's instances. An instance whose part failed gets an
 * {@link OperationFailedException} with the execution's error text; in a failed execution an
 * instance counts as done only when its task reported success ({@link ExecutionOutcomes}).
 *
 * <p>Relationship operations cannot be run over REST: {@code unlink} and {@code establish} of a
 * load-balancer link run as the load balancer's node operations: for one instance
 * {@code haproxy_backends.remove_backend} / {@code add_backend} with inputs {@code instance_id},
 * {@code address} and {@code port} (the app instance's runtime properties {@code ip} and
 * {@code port}, read fresh) plus the inputs given ({@code drain_timeout}); for several instances
 * of a batch on one load balancer, {@code remove_backends} / {@code add_backends} with input
 * {@code backends}, a list of those (one execution per load balancer; drains set together). A
 * load balancer whose node lacks the plurals gets one execution per instance, as before.
 *
 * <p>The manager refuses a second active execution on a deployment. Before each batch the adapter
 * refuses to start it when another execution is active ({@link #batchStarting}). Inside a batch,
 * where giving up would leave an instance out of the load balancer, executions run one at a time
 * and, when something else holds the deployment, the adapter waits and tries again every
 * {@link RestSettings#busyRetryInterval()}, saying so on the event sink, up to
 * {@link RestSettings#busyTimeout()}; it does not queue on the manager, so that a step never
 * starts long after the engine gave up on it.
 *
 * <p>An interrupted caller gets the current execution cancelled and then
 * {@link InterruptedException}; the engine then knows the instance may be out of the load balancer.
 */
public final class RestDeployment implements Deployment {

    static final String EXECUTE_OPERATION = "execute_operation";
    /** What a manager counts as holding the deployment: a new execution would be refused or queued behind it. */
    private static final Set<String> ACTIVE = Set.of("pending", "started", "queued", "cancelling", "force_cancelling",
            "kill_cancelling");
    /** How many of the deployment's newest executions are looked at for an active one. */
    private static final int NEWEST = 50;

    private final ManagerClient client;
    private final String deploymentId;
    private final RestSettings settings;
    private final Consumer<String> eventSink;
    private final Logger log;
    private final ExecutionFollower follower;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private final BatchCalls batch;
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
        this.batch = new BatchCalls(settings.batchWindow());
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
        Map<String, Object> copied = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        batch.call(instanceId, List.of("node", operation, copied), instanceId,
                members -> runOnInstances(operation, copied, List.copyOf(members.keySet())));
    }

    @Override
    public void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
            String operation, Map<String, Object> inputs) throws InterruptedException {
        String standIn = BackendOperations.standIn(operation);
        String target = relationship.targetInstanceId();
        String what = standIn + " of " + sourceInstanceId + " on " + target;
        requireOperation(relationship.targetNodeId(), target, standIn);
        ManagerNodeInstance source = client.nodeInstance(sourceInstanceId);
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("instance_id", sourceInstanceId);
        backend.put("address", required(source, "ip", "the address the load balancer reaches it at", what));
        backend.put("port", required(source, "port", "the port it serves on", what));
        Map<String, Object> copied = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        batch.call(sourceInstanceId, List.of("backend", target, standIn, copied), backend,
                members -> runOnBalancer(relationship.targetNodeId(), target, standIn, copied, members));
    }

    /**
     * Refuses the batch when another execution is active on the deployment: nothing of the batch
     * has run yet, so stopping here leaves nothing out of the load balancer (unlike giving up
     * between an instance's unlink and establish). Then gathers the batch's calls.
     */
    @Override
    public Optional<String> batchStarting(List<String> instanceIds) {
        Optional<Execution> other;
        try {
            other = client.newestExecutions(deploymentId, NEWEST).stream()
                    .filter(e -> ACTIVE.contains(e.status())).findFirst();
        } catch (ManagerException e) {
            return Optional.of("refused to start the batch (" + String.join(", ", instanceIds) + "): the executions of"
                    + " deployment " + deploymentId + " could not be read to check that none is active ("
                    + e.getMessage() + "). Nothing of the batch was taken out of the load balancer; run again with"
                    + " the same parameters");
        }
        if (other.isPresent()) {
            Execution e = other.get();
            return Optional.of("refused to start the batch (" + String.join(", ", instanceIds) + "): execution "
                    + e.id() + " (workflow " + e.workflowId() + ", " + e.status() + ") is active on deployment "
                    + deploymentId + ". Nothing of the batch was taken out of the load balancer. Wait until it has"
                    + " ended (cfy executions get " + e.id() + "), then run again with the same parameters");
        }
        batch.start(instanceIds);
        return Optional.empty();
    }

    @Override
    public void instanceFinished(String instanceId) {
        batch.finished(instanceId);
    }

    /** One execution of a node operation on the given instances; the failures of those it failed for. */
    private Map<String, String> runOnInstances(String operation, Map<String, Object> inputs, List<String> instanceIds)
            throws InterruptedException {
        String what = operation + " on " + String.join(", ", instanceIds);
        List<ManagerEvent> events = new ArrayList<>();
        Execution ended = run(instanceIds, operation, inputs, what, events);
        return ExecutionOutcomes.failures(ended, events, instanceIds, what);
    }

    /**
     * The stand-ins of one load balancer for the given app instances: the singular operation for
     * one, the plural for several (when the node has it, else the singular one by one).
     */
    private Map<String, String> runOnBalancer(String nodeId, String balancer, String standIn, Map<String, Object> inputs,
            LinkedHashMap<String, Map<String, Object>> backends) throws InterruptedException {
        String plural = BackendOperations.plural(standIn);
        if (backends.size() > 1 && hasOperation(nodeId, plural)) {
            List<String> ids = List.copyOf(backends.keySet());
            String what = plural + " of " + String.join(", ", ids) + " on " + balancer;
            Map<String, Object> kwargs = new LinkedHashMap<>();
            kwargs.put("backends", List.copyOf(backends.values()));
            kwargs.putAll(inputs);
            Execution ended = run(List.of(balancer), plural, kwargs, what, new ArrayList<>());
            if (ended.succeeded() || !BackendOperations.ADD_BACKEND.equals(standIn)) {
                return ExecutionOutcomes.allFailed(ended, ids, what);
            }
            // Put back what can be: one by one, each with its own outcome (adding a server already in succeeds).
            publishEvent(what + " failed (" + ExecutionOutcomes.failure(ended, what) + "); putting them back one by one");
        }
        Map<String, String> failed = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> b : backends.entrySet()) {
            String what = standIn + " of " + b.getKey() + " on " + balancer;
            Map<String, Object> kwargs = new LinkedHashMap<>(b.getValue());
            kwargs.putAll(inputs);
            Execution ended = run(List.of(balancer), standIn, kwargs, what, new ArrayList<>());
            if (!ended.succeeded()) {
                failed.put(b.getKey(), ExecutionOutcomes.failure(ended, what));
            }
        }
        return failed;
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

    /** Runs one execution of {@code operation} on {@code instanceIds} to its end; {@code events} collects its events. */
    private Execution run(List<String> instanceIds, String operation, Map<String, Object> kwargs, String what,
            List<ManagerEvent> events) throws InterruptedException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("operation", operation);
        parameters.put("operation_kwargs", kwargs);
        parameters.put("allow_kwargs_override", true);
        parameters.put("node_instance_ids", instanceIds);
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
            return follower.follow(started, e -> {
                events.add(e);
                publishEvent(e.describe());
            });
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

    private boolean hasOperation(String nodeId, String operation) {
        Map<String, ManagerNode> known = nodes;
        if (known == null || !known.containsKey(nodeId)) {
            known = ManagerNode.byId(client.nodes(deploymentId));
            nodes = known;
        }
        ManagerNode node = known.get(nodeId);
        return node != null && node.operations().contains(operation);
    }

    private void requireOperation(String nodeId, String instanceId, String operation) {
        if (!hasOperation(nodeId, operation)) {
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
