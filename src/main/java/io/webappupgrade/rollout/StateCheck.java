package io.webappupgrade.rollout;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks, before the first step, that every instance the run will touch has the runtime
 * properties its steps read: {@code app_version}, and,
 * when it is behind a load balancer, the {@code ip} and {@code port} that establish reads to put it
 * back. Without them an instance would be drained and then could not be put back.
 */
final class StateCheck {

    private StateCheck() {
    }

    /** @throws UnusableStateException naming each instance and property that is missing or wrong */
    static void require(String deploymentId, RolloutPlan plan, Map<String, NodeInstance> instances) {
        List<String> problems = new ArrayList<>();
        for (PlannedInstance p : plan.selected()) {
            NodeInstance i = instances.get(p.instanceId());
            text(i, DeploymentOperations.APP_VERSION, "the release it serves", problems);
            if (p.loadBalanced()) {
                address(i, problems);
            }
        }
        for (String id : plan.putBackFirst()) {
            NodeInstance i = instances.get(id);
            if (i != null && !Planner.loadBalancerLinks(i, plan.parameters().lbRelationship()).isEmpty()) {
                address(i, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnusableStateException(deploymentId,
                    problems.stream().distinct().toList());
        }
    }

    private static void address(NodeInstance i, List<String> problems) {
        text(i, "ip", "the address the load balancer reaches it at", problems);
        Object port = i.runtimeProperties().get("port");
        boolean valid = port instanceof Number n ? validPort(n.longValue())
                : port instanceof String s && s.trim().matches("\\d{1,5}") && validPort(Long.parseLong(s.trim()));
        if (!valid) {
            problems.add("instance " + i.id() + ": runtime property 'port' is "
                    + (port == null ? "missing" : "'" + port + "'") + ": expected the port it serves on (1-65535)");
        }
    }

    private static boolean validPort(long port) {
        return port >= 1 && port <= 65535;
    }

    private static void text(NodeInstance i, String key, String meaning, List<String> problems) {
        Object v = i.runtimeProperties().get(key);
        if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
            problems.add("instance " + i.id() + ": runtime property '" + key + "' is "
                    + (v == null || String.valueOf(v).isBlank() ? "missing" : "not a text") + ": expected " + meaning);
        }
    }
}
