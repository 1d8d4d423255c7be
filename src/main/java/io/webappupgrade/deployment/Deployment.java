package io.webappupgrade.deployment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment a rollout works on, as the rollout engine sees it. Three runtimes implement it
 * (a Cloudify workflow, a Cloudify manager's REST API, the embedded local mode); the engine never
 * knows which one it drives.
 *
 * <p>What every adapter must guarantee:
 * <ul>
 *   <li>{@link #instances()} reflects the deployment's current state, read fresh on each call
 *       (runtime properties included): the engine relies on {@code app_version} to skip instances
 *       a previous run already upgraded.</li>
 *   <li>The two {@code run...} methods block until the operation has ended. They return normally
 *       only when it succeeded; a failure throws {@link OperationFailedException} carrying the
 *       operation's own error text. Retries, if the runtime does them, happen inside the call.</li>
 *   <li>When the calling thread is interrupted they stop waiting and throw
 *       {@link InterruptedException}; whether the operation itself goes on is up to the runtime.</li>
 *   <li>They may be called from several threads at once (one per instance of a batch). An adapter
 *       that can only do one thing at a time serializes the calls; it must not fail them.</li>
 *   <li>No secret (manager password or token) appears in an exception message or an event.</li>
 * </ul>
 */
public interface Deployment {

    /** The deployment's id; the rollout journal is kept per deployment. */
    String id();

    /** Every node instance of the deployment, in any order. */
    List<NodeInstance> instances();

    /**
     * The runtime properties of one instance, read fresh: what an operation just recorded (for
     * example the timed steps of an upgrade in {@code last_steps}). This default reads every
     * instance; an adapter that can read one alone should.
     *
     * @throws IllegalArgumentException when the deployment has no such instance
     */
    default Map<String, Object> runtimeProperties(String instanceId) {
        return instances().stream().filter(i -> i.id().equals(instanceId)).findFirst()
                .map(NodeInstance::runtimeProperties)
                .orElseThrow(() -> new IllegalArgumentException("deployment " + id() + " has no node instance '"
                        + instanceId + "'"));
    }

    /**
     * Runs a node operation on one instance, as Cloudify's {@code execute_operation} does.
     *
     * @param operation the operation's full name, {@code interface.operation}
     * @param inputs    the operation's inputs (strings, numbers, booleans, lists, maps)
     * @throws OperationFailedException when the operation failed
     */
    void runNodeOperation(String instanceId, String operation, Map<String, Object> inputs)
            throws InterruptedException;

    /**
     * Runs a relationship operation of one relationship instance on its TARGET side (where the
     * load balancer is), as Cloudify's {@code execute_target_operation} does.
     *
     * @param sourceInstanceId the instance the relationship goes out from
     * @param relationship     one of that instance's {@link NodeInstance#relationships()}
     * @param operation        for example {@code cloudify.interfaces.relationship_lifecycle.unlink}
     * @throws OperationFailedException when the operation failed
     */
    void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
            String operation, Map<String, Object> inputs) throws InterruptedException;

    /**
     * A hint that the engine is about to run these instances side by side (one thread each), so an
     * adapter whose calls are costly may run the calls of the batch's instances together; and the
     * adapter's last word on whether the batch may start at all. Called before anything of the
     * batch runs (before its min_serving check), from the engine's own thread: first with the
     * instances the plan's order gives, before the load balancers are read, and once more with
     * the instances the drain order took when they differ; the last call's instances are the batch.
     * Rolling ({@code batch_mode: rolling}, only where {@link #runsOperationsSideBySide} says yes),
     * it is called once per instance as it is about to leave, with that instance alone.
     *
     * @return why the deployment refuses the batch (for example another execution holds it); empty
     *         when it may start. A refusal stops the run as a min_serving refusal does: nothing taken out
     */
    default Optional<String> batchStarting(List<String> instanceIds) {
        return Optional.empty();
    }

    /**
     * A hint that the engine has finished with one instance of the current batch: it makes no
     * further call for it in this batch, so an adapter running the batch's calls together must not
     * wait for it. Called once per instance of each batch, whatever its outcome.
     */
    default void instanceFinished(String instanceId) {
    }

    /**
     * Whether operations on different instances run side by side here to good effect. The engine
     * then prepares the next batch's release while the current batch is out of the load balancer.
     * An adapter that runs one operation at a time says no: a preparation would hold up the
     * current batch's steps behind it.
     */
    default boolean runsOperationsSideBySide() {
        return true;
    }

    /**
     * Publishes one human-readable line to the runtime's event stream (Cloudify's execution
     * events, or the local log). Must not throw: losing an event must not fail a rollout.
     */
    void publishEvent(String message);
}
