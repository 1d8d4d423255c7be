package io.webappupgrade.deployment;

/**
 * The deployment's vocabulary, said once: the operation names a rollout runs (blueprints map them,
 * see plugin.yaml), the node types and the runtime properties every runtime reads.
 */
public final class DeploymentOperations {

    /**
     * Optional node operation: fetch, check and unpack a release beside the serving one, run
     * before the instance leaves the load balancer; takes the inputs of {@link #UPGRADE}.
     */
    public static final String PREPARE = "webapp_upgrade.prepare";
    /** Node operation: fetch, unpack, switch to and health-check a release; restores the old one on failure. */
    public static final String UPGRADE = "webapp_upgrade.upgrade";
    /** Node operation: switch back to the previous release. */
    public static final String ROLLBACK = "webapp_upgrade.rollback";
    /** Relationship operation, target side: take the instance out of the load balancer (drained). */
    public static final String UNLINK = "cloudify.interfaces.relationship_lifecycle.unlink";
    /** Relationship operation, target side: put the instance (back) into the load balancer. */
    public static final String ESTABLISH = "cloudify.interfaces.relationship_lifecycle.establish";

    /** Cloudify's node lifecycle interface; an operation name is this prefix plus create, start, ... */
    public static final String LIFECYCLE_PREFIX = "cloudify.interfaces.lifecycle.";
    /**
     * Node operation: start the recorded release and wait until it is healthy; an app already
     * running is only health-checked.
     */
    public static final String START = LIFECYCLE_PREFIX + "start";
    /** Cloudify's relationship lifecycle interface; an operation name is this prefix plus establish, ... */
    public static final String RELATIONSHIP_PREFIX = "cloudify.interfaces.relationship_lifecycle.";

    /** Node operation of the HAProxy node type standing in for {@link #UNLINK} where only node operations run. */
    public static final String REMOVE_BACKEND = "haproxy_backends.remove_backend";
    /** Node operation of the HAProxy node type standing in for {@link #ESTABLISH}. */
    public static final String ADD_BACKEND = "haproxy_backends.add_backend";
    /** {@link #REMOVE_BACKEND} for several app instances at once (input {@code backends}), drained together. */
    public static final String REMOVE_BACKENDS = "haproxy_backends.remove_backends";
    /** {@link #ADD_BACKEND} for several app instances at once (input {@code backends}). */
    public static final String ADD_BACKENDS = "haproxy_backends.add_backends";
    /** Node operation of the HAProxy node type: the servers the load balancer has and their state. */
    public static final String LIST_SERVERS = "haproxy_backends.list_servers";

    /** The web application node type. */
    public static final String WEBAPP_TYPE = "webapp_upgrade.nodes.WebApp";
    /** The load balancer node type. */
    public static final String HAPROXY_TYPE = "webapp_upgrade.nodes.HAProxy";

    /** Runtime property holding the release an instance serves. */
    public static final String APP_VERSION = "app_version";
    /** Runtime property holding the release before it, when the application records it. */
    public static final String APP_PREVIOUS_VERSION = "app_prev_version";
    /** Runtime property of a load balancer instance: its backend servers. */
    public static final String BACKENDS = "backends";

    private DeploymentOperations() {
    }
}
