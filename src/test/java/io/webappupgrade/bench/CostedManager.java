package io.webappupgrade.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.StubManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stub manager on loopback whose executions take the time a real one's do: an
 * {@code execute_operation} execution ends {@code executionCost} after its creation; a
 * {@code webapp_upgrade} execution ends after one execution's cost plus {@code stepCost} per step
 * it runs inside (unlink, upgrade, establish per instance). What an execution does is applied when it
 * ends (the upgrade's version, list_servers' servers), so the engine reads what it wrote. An
 * {@code execute_operation} over several instances costs what one over a single instance does
 * (its tasks run side by side). One active execution per deployment, as a manager enforces.
 * Events: none (not what is measured).
 */
final class CostedManager implements AutoCloseable {

    private static final String API = "/api/v3.1";
    private static final String DEPLOYMENT = "shop";

    private record Exec(String id, String workflowId, Map<String, Object> parameters, long createdNanos,
            long durationNanos, String createdAt) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Duration executionCost;
    private final Duration stepCost;
    private final boolean declaresWorkflow;
    private final List<Map<String, Object>> nodes = new ArrayList<>();
    private final Map<String, Map<String, Object>> instances = new LinkedHashMap<>();
    private final Map<String, Exec> executions = new LinkedHashMap<>();
    private final Map<String, String> ended = new LinkedHashMap<>();
    private int requests;

    CostedManager(int fleet, Duration executionCost, Duration stepCost, boolean declaresWorkflow) {
        this.executionCost = executionCost;
        this.stepCost = stepCost;
        this.declaresWorkflow = declaresWorkflow;
        nodes.add(CloudifyReplies.node("haproxy", DEPLOYMENT, "webapp_upgrade.nodes.HAProxy", CloudifyReplies.HAPROXY_HIERARCHY,
                List.of("cloudify.interfaces.lifecycle.configure", "cloudify.interfaces.lifecycle.start",
                        "haproxy_backends.add_backend", "haproxy_backends.remove_backend",
                        "haproxy_backends.add_backends", "haproxy_backends.remove_backends",
                        "haproxy_backends.list_servers"), 1));
        nodes.add(CloudifyReplies.webappNode("web", DEPLOYMENT, "haproxy", fleet));
        instances.put("haproxy_1", CloudifyReplies.instance("haproxy_1", "haproxy", DEPLOYMENT,
                new LinkedHashMap<>(Map.of("backends", Map.of())), 1));
        for (int n = 1; n <= fleet; n++) {
            instances.put("web_" + n, CloudifyReplies.webappInstance("web_" + n, "web", DEPLOYMENT, "1.0.0", 8000 + n,
                    "haproxy_1", "haproxy", n));
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + API);
    }

    synchronized int executionsCreated() {
        return executions.size();
    }

    synchronized int requests() {
        return requests;
    }

    synchronized List<String> versions() {
        List<String> out = new ArrayList<>();
        instances.forEach((id, i) -> {
            if (id.startsWith("web_")) {
                out.add(String.valueOf(props(i).get("app_version")));
            }
        });
        return out;
    }

    private void handle(HttpExchange x) throws IOException {
        int status;
        Object body;
        try {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            String tenant = x.getRequestHeaders().getFirst("Tenant");
            if (auth == null || !StubManager.TENANT.equals(tenant)) {
                status = 401;
                body = Map.of("message", "User unauthorized", "error_code", "unauthorized_error");
            } else {
                String in = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Object[] reply = route(x.getRequestMethod(), x.getRequestURI().getPath().substring(API.length()), in);
                status = (Integer) reply[0];
                body = reply[1];
            }
        } catch (RuntimeException e) {
            status = 500;
            body = Map.of("message", String.valueOf(e), "error_code", "internal_server_error");
        }
        byte[] out = json.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, out.length);
        x.getResponseBody().write(out);
        x.close();
    }

    private synchronized Object[] route(String method, String path, String in) throws IOException {
        requests++;
        String[] parts = path.substring(1).split("/");
        String key = method + " " + parts[0] + (parts.length > 1 ? "/" : "");
        switch (key) {
            case "GET deployments/": {
                List<Map<String, Object>> w = new ArrayList<>();
                List<String> names = new ArrayList<>(List.of("install", "uninstall", "execute_operation"));
                if (declaresWorkflow) {
                    names.addAll(List.of("webapp_upgrade", "webapp_rollback"));
                }
                names.forEach(n -> w.add(Map.of("name", n, "plugin", "default_workflows", "parameters", Map.of())));
                return ok(Map.of("id", DEPLOYMENT, "workflows", w));
            }
            case "GET nodes":
                return ok(page(nodes));
            case "GET node-instances":
                return ok(page(new ArrayList<>(instances.values())));
            case "GET node-instances/":
                return ok(instances.get(parts[1]));
            case "GET events":
                return ok(page(List.of()));
            case "GET executions":
                return ok(page(List.of()));
            case "POST executions":
                return start(json.readValue(in, new TypeReference<Map<String, Object>>() { }));
            case "GET executions/":
                return ok(shape(executions.get(parts[1])));
            default:
                return new Object[] {404, Map.of("message", "no such resource: " + key, "error_code", "not_found_error")};
        }
    }

    private Object[] start(Map<String, Object> body) {
        for (Exec e : executions.values()) {
            if (!"terminated".equals(status(e))) {
                return new Object[] {400, Map.of("message", "The following executions are currently running for this"
                        + " deployment: " + e.id(), "error_code", "existing_running_execution_error")};
            }
        }
        String workflow = String.valueOf(body.get("workflow_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) body.getOrDefault("parameters", Map.of());
        long duration = executionCost.toNanos();
        if ("webapp_upgrade".equals(workflow)) {
            long behind = instances.keySet().stream().filter(id -> id.startsWith("web_")).count();
            duration += 3 * behind * stepCost.toNanos();
        }
        String id = "exec-" + (executions.size() + 1);
        Exec e = new Exec(id, workflow, params, System.nanoTime(), duration,
                String.format("2026-12-01T03:00:%02d.%03dZ", executions.size() / 1000 % 60, executions.size() % 1000));
        executions.put(id, e);
        return new Object[] {201, shape(e)};
    }

    private String status(Exec e) {
        if (ended.containsKey(e.id())) {
            return ended.get(e.id());
        }
        if (System.nanoTime() - e.createdNanos() < e.durationNanos()) {
            return "started";
        }
        apply(e);
        ended.put(e.id(), "terminated");
        return "terminated";
    }

    @SuppressWarnings("unchecked")
    private void apply(Exec e) {
        if ("webapp_upgrade".equals(e.workflowId())) {
            instances.forEach((id, i) -> {
                if (id.startsWith("web_")) {
                    props(i).put("app_version", e.parameters().get("version"));
                }
            });
            return;
        }
        String operation = String.valueOf(e.parameters().get("operation"));
        List<String> targets = (List<String>) e.parameters().getOrDefault("node_instance_ids", List.of());
        Map<String, Object> kwargs = (Map<String, Object>) e.parameters().getOrDefault("operation_kwargs", Map.of());
        for (String target : targets) {
            Map<String, Object> props = props(instances.get(target));
            if (operation.equals("webapp_upgrade.upgrade") && kwargs.get("version") != null) {
                props.put("app_version", kwargs.get("version"));
            } else if (operation.equals("haproxy_backends.list_servers")) {
                List<Map<String, Object>> servers = new ArrayList<>();
                instances.keySet().stream().filter(id -> id.startsWith("web_")).forEach(id -> servers.add(
                        Map.of("name", id, "operational", "UP", "admin_state", "READY")));
                props.put("servers", servers);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> instance) {
        Map<String, Object> p = (Map<String, Object>) instance.get("runtime_properties");
        if (!(p instanceof LinkedHashMap)) {
            p = new LinkedHashMap<>(p);
            instance.put("runtime_properties", p);
        }
        return p;
    }

    private Map<String, Object> shape(Exec e) {
        String s = status(e);
        Map<String, Object> m = CloudifyReplies.execution(e.id(), DEPLOYMENT, s, "", e.createdAt(), e.parameters());
        m.put("workflow_id", e.workflowId());
        if ("terminated".equals(s)) {
            m.put("ended_at", e.createdAt());
        }
        return m;
    }

    private static Object[] ok(Object body) {
        return new Object[] {200, body};
    }

    private static Map<String, Object> page(List<?> items) {
        return Map.of("items", items, "metadata", Map.of("pagination", Map.of("total", items.size(), "size", 1000,
                "offset", 0)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
