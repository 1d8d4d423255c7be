package io.webappupgrade.rollout;

/** The operation names a rollout runs; blueprints must map them (see plugin.yaml). */
public final class LifecycleOperations {

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

    /** Runtime property holding the release an instance serves. */
    public static final String APP_VERSION = "app_version";
    /** Runtime property holding the release before it, when the application records it. */
    public static final String APP_PREVIOUS_VERSION = "app_prev_version";

    private LifecycleOperations() {
    }
}
