package io.webappupgrade.rollout;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cloudify-shaped instances for tests: web apps behind an HAProxy, and the HAProxy itself. */
public final class TestInstances {

    static final String CONNECTED_TO = "cloudify.relationships.connected_to";
    static final String CONTAINED_IN = "cloudify.relationships.contained_in";
    static final String LB_LINK = "webapp_upgrade.relationships.balanced_by";
    static final Set<String> WEBAPP_OPERATIONS = Set.of("cloudify.interfaces.lifecycle.start",
            DeploymentOperations.UPGRADE, DeploymentOperations.ROLLBACK, "upgrade", "rollback");

    private TestInstances() {
    }

    /** The load-balancer link type used in the blueprints: derived from connected_to. */
    static RelationshipInstance lbLink(String haproxyInstance) {
        return new RelationshipInstance(LB_LINK, List.of("cloudify.relationships.depends_on", CONNECTED_TO, LB_LINK),
                "haproxy", haproxyInstance);
    }

    static RelationshipInstance hostedOn(String hostInstance) {
        return new RelationshipInstance(CONTAINED_IN, List.of("cloudify.relationships.depends_on", CONTAINED_IN),
                "host", hostInstance);
    }

    static NodeInstance webapp(String nodeId, String id, String version, RelationshipInstance... relationships) {
        Map<String, Object> props = new LinkedHashMap<>();
        if (version != null) {
            props.put(DeploymentOperations.APP_VERSION, version);
        }
        // Where establish puts it back: what an installed instance has.
        props.put("ip", "127.0.0.1");
        props.put("port", 9000 + Math.floorMod(id.hashCode(), 1000));
        return new NodeInstance(id, nodeId, List.of("cloudify.nodes.Root", "webapp_upgrade.nodes.WebApp"),
                WEBAPP_OPERATIONS, List.of(relationships), props);
    }

    static NodeInstance haproxy(String id) {
        return new NodeInstance(id, "haproxy", List.of("cloudify.nodes.Root", "webapp_upgrade.nodes.HAProxy"),
                Set.of("cloudify.interfaces.lifecycle.start"), List.of(), Map.of());
    }

    /** An HAProxy that can list its servers, as the plugin's node type can (min_serving is checked). */
    static NodeInstance listingHaproxy(String id) {
        return new NodeInstance(id, "haproxy", List.of("cloudify.nodes.Root", "webapp_upgrade.nodes.HAProxy"),
                Set.of("cloudify.interfaces.lifecycle.start", DeploymentOperations.LIST_SERVERS), List.of(), Map.of());
    }

    /** Like {@link #fleet}, behind an HAProxy that lists its servers. */
    static List<NodeInstance> listedFleet(int count, String version) {
        List<NodeInstance> out = new ArrayList<>(fleet(count, version));
        out.set(0, listingHaproxy("haproxy_1"));
        return out;
    }

    /** {@code count} instances web_1..web_N of node "web" at {@code version}, each behind haproxy_1. */
    public static List<NodeInstance> fleet(int count, String version) {
        List<NodeInstance> out = new ArrayList<>();
        out.add(haproxy("haproxy_1"));
        for (int i = 1; i <= count; i++) {
            out.add(webapp("web", "web_" + i, version, lbLink("haproxy_1"), hostedOn("vm_" + i)));
        }
        return out;
    }
}
