package io.webappupgrade.deployment.rest;

import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.manager.ManagerNode;
import io.webappupgrade.manager.ManagerNodeInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins node instances with their nodes: an instance's relationship names only its type and
 * target, the node's relationship adds the type hierarchy the engine selects load-balancer links by.
 */
final class InstanceAssembler {

    private InstanceAssembler() {
    }

    static List<NodeInstance> assemble(String deploymentId, Map<String, ManagerNode> nodes,
            List<ManagerNodeInstance> instances) {
        Map<String, Map<String, List<String>>> hierarchies = new HashMap<>();
        nodes.values().forEach(n -> {
            Map<String, List<String>> byKey = new HashMap<>();
            n.relationships().forEach(r -> byKey.put(key(r.type(), r.targetId()), r.typeHierarchy()));
            hierarchies.put(n.id(), byKey);
        });
        List<NodeInstance> out = new ArrayList<>(instances.size());
        for (ManagerNodeInstance i : instances) {
            ManagerNode node = nodes.get(i.nodeId());
            if (node == null) {
                throw new IllegalStateException("node instance " + i.id() + " of deployment " + deploymentId
                        + " belongs to node '" + i.nodeId() + "', which the manager did not list among the deployment's nodes");
            }
            Map<String, List<String>> byKey = hierarchies.get(node.id());
            List<RelationshipInstance> relationships = new ArrayList<>(i.relationships().size());
            for (ManagerNodeInstance.InstanceRelationship r : i.relationships()) {
                List<String> hierarchy = byKey.getOrDefault(key(r.type(), r.targetName()), List.of(r.type()));
                relationships.add(new RelationshipInstance(r.type(), hierarchy, r.targetName(), r.targetId()));
            }
            out.add(new NodeInstance(i.id(), i.nodeId(), node.typeHierarchy(), node.operations(), relationships,
                    i.runtimeProperties()));
        }
        return out;
    }

    private static String key(String type, String targetNode) {
        return type + '\u0000' + targetNode;
    }
}
