package io.webappupgrade.deployment.rest;

import io.webappupgrade.deployment.DeploymentOperations;
import java.util.Map;

/**
 * The manager's REST API runs node operations only, so the two relationship operations a
 * rollout needs run as node operations of the load balancer instead; the plugin implements both
 * with the same code as the relationship's.
 */
final class BackendOperations {

    /** Cloudify's relationship operations the engine asks for. */
    static final String UNLINK = DeploymentOperations.UNLINK;
    static final String ESTABLISH = DeploymentOperations.ESTABLISH;

    /** Node operations of the HAProxy node type standing in for them. */
    static final String REMOVE_BACKEND = DeploymentOperations.REMOVE_BACKEND;
    static final String ADD_BACKEND = DeploymentOperations.ADD_BACKEND;

    /** Their plurals: one operation for several app instances (input {@code backends}). */
    static final String REMOVE_BACKENDS = DeploymentOperations.REMOVE_BACKENDS;
    static final String ADD_BACKENDS = DeploymentOperations.ADD_BACKENDS;

    private static final Map<String, String> PLURAL = Map.of(REMOVE_BACKEND, REMOVE_BACKENDS, ADD_BACKEND, ADD_BACKENDS);

    private static final Map<String, String> BY_RELATIONSHIP_OPERATION = Map.of(UNLINK, REMOVE_BACKEND, ESTABLISH, ADD_BACKEND);

    private BackendOperations() {
    }

    /**
     * The node operation standing in for {@code relationshipOperation}.
     *
     * @throws IllegalArgumentException for any relationship operation other than unlink and establish
     */
    static String standIn(String relationshipOperation) {
        String op = BY_RELATIONSHIP_OPERATION.get(relationshipOperation);
        if (op == null) {
            throw new IllegalArgumentException("relationship operation '" + relationshipOperation + "' cannot be run "
                    + "through the manager's REST API (it runs node operations only); allowed: " + UNLINK + " (run as "
                    + REMOVE_BACKEND + ") and " + ESTABLISH + " (run as " + ADD_BACKEND + ") on the load balancer");
        }
        return op;
    }

    /** The plural of a stand-in ({@code remove_backend} -> {@code remove_backends}). */
    static String plural(String standIn) {
        String op = PLURAL.get(standIn);
        if (op == null) {
            throw new IllegalArgumentException("'" + standIn + "' has no plural; allowed: " + PLURAL.keySet());
        }
        return op;
    }
}
