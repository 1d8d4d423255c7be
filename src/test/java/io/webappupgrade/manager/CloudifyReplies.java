package io.webappupgrade.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reply bodies shaped exactly as a Cloudify 7 manager's REST API v3.1 writes them: listings with
 * {@code items} and {@code metadata.pagination}, the error envelope, nodes, node instances,
 * executions and events, each with the extra fields a real manager adds (which the client must ignore).
 */
public final class CloudifyReplies {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> WEBAPP_HIERARCHY = List.of("cloudify.nodes.Root",
            "cloudify.nodes.SoftwareComponent", "cloudify.nodes.ApplicationModule", "webapp_upgrade.nodes.WebApp");
    public static final List<String> HAPROXY_HIERARCHY = List.of("cloudify.nodes.Root",
            "cloudify.nodes.SoftwareComponent", "cloudify.nodes.LoadBalancer", "webapp_upgrade.nodes.HAProxy");
    public static final String LB_LINK = "webapp_upgrade.relationships.behind_haproxy";
    public static final List<String> LB_LINK_HIERARCHY = List.of("cloudify.relationships.depends_on",
            "cloudify.relationships.connected_to", LB_LINK);

    private CloudifyReplies() {
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One page of a listing: {@code {"items": [...], "metadata": {"pagination": {...}}}}. */
    public static String page(List<?> all, int offset, int size) {
        List<?> items = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + size));
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("total", all.size());
        pagination.put("size", size);
        pagination.put("offset", offset);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("pagination", pagination);
        metadata.put("filtered", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items);
        m.put("metadata", metadata);
        return json(m);
    }

    /** An error reply as 7.0 sends it: {@code server_traceback} is null. */
    public static String error(String message, String code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("error_code", code);
        m.put("server_traceback", null);
        return json(m);
    }

    /** An error reply as older managers send it, with the server's traceback. */
    public static String errorWithTraceback(String message, String code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("error_code", code);
        m.put("server_traceback", "Traceback (most recent call last):\n  File \"/opt/manager/env/lib/python3.11/"
                + "site-packages/flask/app.py\", line 1823, in full_dispatch_request\n    rv = self.dispatch_request()\n"
                + "manager_rest.manager_exceptions." + code + ": " + message);
        return json(m);
    }

    /** An operation entry of a node, as GET /nodes lists it (under both its full and short name). */
    private static Map<String, Object> operation(String implementation) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operation", "script_runner.tasks.run");
        op.put("plugin", "script");
        op.put("executor", "central_deployment_agent");
        op.put("inputs", Map.of("script_path", implementation, "process",
                Map.of("command_prefix", "java -jar", "args", List.of("op"))));
        op.put("has_intrinsic_functions", false);
        op.put("max_retries", -1);
        op.put("retry_interval", 30);
        op.put("timeout", null);
        op.put("timeout_recoverable", null);
        return op;
    }

    private static Map<String, Object> operations(List<String> names) {
        Map<String, Object> ops = new LinkedHashMap<>();
        for (String name : names) {
            ops.put(name, operation("webapp-upgrade/webapp-upgrade-agent.jar"));
            ops.put(name.substring(name.lastIndexOf('.') + 1), operation("webapp-upgrade/webapp-upgrade-agent.jar"));
        }
        return ops;
    }

    public static Map<String, Object> webappNode(String id, String deploymentId, String lbNode, int instances) {
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("target_id", lbNode);
        rel.put("type", LB_LINK);
        rel.put("type_hierarchy", LB_LINK_HIERARCHY);
        rel.put("properties", Map.of("connection_type", "all_to_all"));
        rel.put("source_operations", Map.of());
        rel.put("target_operations", Map.of("cloudify.interfaces.relationship_lifecycle.establish",
                operation("webapp-upgrade/webapp-upgrade-agent.jar")));
        Map<String, Object> n = node(id, deploymentId, "webapp_upgrade.nodes.WebApp", WEBAPP_HIERARCHY,
                List.of("cloudify.interfaces.lifecycle.configure", "cloudify.interfaces.lifecycle.start",
                        "webapp_upgrade.upgrade", "webapp_upgrade.rollback"), instances);
        n.put("relationships", List.of(rel));
        return n;
    }

    public static Map<String, Object> haproxyNode(String id, String deploymentId) {
        return node(id, deploymentId, "webapp_upgrade.nodes.HAProxy", HAPROXY_HIERARCHY,
                List.of("cloudify.interfaces.lifecycle.configure", "cloudify.interfaces.lifecycle.start",
                        "haproxy_backends.add_backend", "haproxy_backends.remove_backend",
                        "haproxy_backends.add_backends", "haproxy_backends.remove_backends"), 1);
    }

    public static Map<String, Object> node(String id, String deploymentId, String type, List<String> hierarchy,
            List<String> operationNames, int instances) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", id);
        n.put("deployment_id", deploymentId);
        n.put("blueprint_id", deploymentId + "-bp");
        n.put("type", type);
        n.put("type_hierarchy", hierarchy);
        n.put("properties", Map.of("port", 0));
        n.put("operations", operations(operationNames));
        n.put("plugins", List.of());
        n.put("relationships", List.of());
        n.put("number_of_instances", instances);
        n.put("planned_number_of_instances", instances);
        n.put("deploy_number_of_instances", instances);
        n.put("min_number_of_instances", 0);
        n.put("max_number_of_instances", -1);
        n.put("host_id", "vm");
        n.put("tenant_name", "default_tenant");
        n.put("visibility", "tenant");
        n.put("created_by", "admin");
        return n;
    }

    public static Map<String, Object> webappInstance(String id, String node, String deploymentId, String version,
            int port, String lbInstance, String lbNode, long storageVersion) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ip", "127.0.0.1");
        props.put("port", port);
        props.put("app_version", version);
        props.put("pid", 4000 + port % 1000);
        props.put("app_url", "http://127.0.0.1:" + port + "/");
        props.put("releases", List.of(Map.of("version", version, "path", "/srv/" + id)));
        props.put("notes", null);
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("target_id", lbInstance);
        rel.put("target_name", lbNode);
        rel.put("type", LB_LINK);
        Map<String, Object> i = instance(id, node, deploymentId, props, storageVersion);
        i.put("relationships", List.of(rel));
        return i;
    }

    public static Map<String, Object> instance(String id, String node, String deploymentId, Map<String, Object> props,
            long storageVersion) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", id);
        i.put("node_id", node);
        i.put("deployment_id", deploymentId);
        i.put("host_id", "vm_" + id);
        i.put("state", "started");
        i.put("version", storageVersion);
        i.put("runtime_properties", props);
        i.put("relationships", new ArrayList<>());
        i.put("scaling_groups", List.of());
        i.put("index", 1);
        i.put("is_status_check_ok", true);
        i.put("has_configuration_drift", false);
        i.put("system_properties", Map.of());
        i.put("tenant_name", "default_tenant");
        i.put("visibility", "tenant");
        i.put("created_by", "admin");
        return i;
    }

    public static Map<String, Object> execution(String id, String deploymentId, String status, String error,
            String createdAt, Map<String, Object> parameters) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("status", status);
        e.put("status_display", status);
        e.put("workflow_id", "execute_operation");
        e.put("deployment_id", deploymentId);
        e.put("blueprint_id", deploymentId + "-bp");
        e.put("error", error);
        e.put("created_at", createdAt);
        e.put("started_at", "pending".equals(status) ? null : createdAt);
        e.put("ended_at", null);
        e.put("parameters", parameters);
        e.put("is_system_workflow", false);
        e.put("is_dry_run", false);
        e.put("scheduled_for", null);
        e.put("execution_group_id", null);
        e.put("total_operations", 1);
        e.put("finished_operations", 0);
        e.put("created_by", "admin");
        e.put("tenant_name", "default_tenant");
        e.put("visibility", "tenant");
        e.put("resource_availability", "tenant");
        e.put("private_resource", false);
        return e;
    }

    /** execute_operation's parameters as the manager stores them: what was sent plus the workflow's defaults. */
    public static Map<String, Object> storedParameters(String operation, Map<String, Object> kwargs, String instanceId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("operation", operation);
        p.put("operation_kwargs", kwargs);
        p.put("allow_kwargs_override", true);
        p.put("run_by_dependency_order", false);
        p.put("type_names", List.of());
        p.put("node_ids", List.of());
        p.put("node_instance_ids", List.of(instanceId));
        return p;
    }

    public static Map<String, Object> event(String timestamp, String eventType, String message, String instanceId,
            String operation) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("timestamp", timestamp);
        e.put("reported_timestamp", timestamp);
        e.put("message", message);
        e.put("type", "cloudify_event");
        e.put("event_type", eventType);
        e.put("node_instance_id", instanceId);
        e.put("node_name", instanceId.replaceAll("_[^_]*$", ""));
        e.put("operation", operation);
        e.put("workflow_id", "execute_operation");
        e.put("deployment_id", "shop");
        e.put("blueprint_id", "shop-bp");
        e.put("error_causes", null);
        e.put("source_id", null);
        e.put("target_id", null);
        e.put("tenant_name", "default_tenant");
        return e;
    }

    public static Map<String, Object> log(String timestamp, String level, String message, String instanceId,
            String operation) {
        Map<String, Object> e = event(timestamp, null, message, instanceId, operation);
        e.remove("event_type");
        e.put("type", "cloudify_log");
        e.put("level", level);
        e.put("logger", "ctx.abc");
        return e;
    }
}
