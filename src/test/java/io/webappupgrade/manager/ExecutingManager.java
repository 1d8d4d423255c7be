package io.webappupgrade.manager;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A stateful stand-in for a Cloudify 7.0.5 manager's REST API on loopback, in what matters to a
 * rollout: deployments that declare workflows; executions that are created pending (or queued while
 * a system-wide execution runs), run for a number of polls, and end as scripted; cancel (ends after
 * a few more polls, the execution token revoked at once) and force-cancel (ends at the next poll);
 * 400 {@code existing_running_execution_error} for a second active execution on a deployment;
 * events that grow as the execution runs (an INFO and a DEBUG log each poll); node instances whose
 * runtime-property updates meet 409 {@code conflict_error} when their version is stale. Errors have
 * 7.0's shape ({@code server_traceback} null). Query parameters are checked: a listing without the
 * parameters the client must send answers 400, and {@code _include} trims replies as the manager does.
 *
 * <p>{@code execute_operation} runs as a 7.0.5 manager runs it: one task per instance listed in
 * {@code node_instance_ids}, each ending with a {@code task_succeeded} or {@code task_failed} event
 * carrying its {@code node_instance_id} and operation; a task that fails does not stop the others
 * (they were already running), and the execution then ends {@code failed} with the task's error.
 * What a succeeded task does is applied: upgrade and rollback move {@code app_version}; the
 * HAProxy instance's {@code backends} loses or regains the servers of remove_backend(s) and
 * add_backend(s); list_servers writes {@code servers} from it.
 */
public final class ExecutingManager implements AutoCloseable {

    /** How an execution runs: polls while started (-1: until cancelled), then how it ends. */
    public record Script(int runningPolls, String endStatus, String error) {
        public static Script succeeds(int polls) {
            return new Script(polls, "terminated", null);
        }

        public static Script runsUntilCancelled() {
            return new Script(-1, "terminated", null);
        }
    }

    /** One execution as the stub keeps it. */
    public static final class Exec {
        public final String id;
        public final String deploymentId;
        public final String workflowId;
        public final Map<String, Object> parameters;
        final String createdAt;
        final Script script;
        volatile String status;
        volatile String error;
        volatile boolean tokenRevoked;
        int polls;
        int cancelPolls;
        final List<Map<String, Object>> events = new ArrayList<>();

        Exec(String id, String deploymentId, String workflowId, Map<String, Object> parameters, String createdAt,
                Script script, String status) {
            this.id = id;
            this.deploymentId = deploymentId;
            this.workflowId = workflowId;
            this.parameters = parameters;
            this.createdAt = createdAt;
            this.script = script;
            this.status = status;
        }

        public String status() {
            return status;
        }

        public boolean tokenRevoked() {
            return tokenRevoked;
        }
    }

    private static final String API = "/api/v3.1";
    private static final Set<String> ACTIVE = Set.of("pending", "started", "queued", "scheduled", "cancelling",
            "force_cancelling", "kill_cancelling");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, List<String>> workflows = new LinkedHashMap<>();
    private final Map<String, Exec> executions = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> instances = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final List<Map<String, Object>> nodes = new ArrayList<>();
    private final Map<String, String> failingTasks = new LinkedHashMap<>();
    private String heldOperation;
    private Script nextScript = Script.succeeds(3);
    private int cancelPolls = 2;
    private boolean systemWideRunning;
    private Duration perPoll = Duration.ZERO;
    private List<String> publishedAtEnd = List.of();
    private int created;

    public ExecutingManager() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + API);
    }

    public ManagerConnection connection() {
        return new ManagerConnection(apiUrl(), StubManager.TENANT,
                Credentials.basic(StubManager.USER, StubManager.PASSWORD), null, Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    public synchronized void deployment(String id, List<String> declaredWorkflows) {
        workflows.put(id, List.copyOf(declaredWorkflows));
    }

    /** How the executions created from now on run. */
    public synchronized void nextExecutions(Script script) {
        nextScript = script;
    }

    /** While true, new executions are queued, even without {@code queue: true}, as on a real manager. */
    public synchronized void systemWideExecution(boolean running) {
        systemWideRunning = running;
    }

    /** How many status reads a cancelled execution stays 'cancelling' (the workflow looks late). */
    public synchronized void cancelTakesPolls(int polls) {
        cancelPolls = polls;
    }

    /** Added to each status read: the real cost of an execution is spread over its polls. */
    /** The workflow events ({@code ctx.send_event}) every execution sends just before it ends, as the workflow's summary. */
    public synchronized void publishAtEnd(List<String> messages) {
        publishedAtEnd = List.copyOf(messages);
    }

    public synchronized void delayPerPoll(Duration delay) {
        perPoll = delay;
    }

    public synchronized void instance(String id, Map<String, Object> runtimeProperties) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", id);
        i.put("version", 1);
        i.put("runtime_properties", new LinkedHashMap<>(runtimeProperties));
        instances.put(id, i);
    }

    /** A node of a deployment, as {@code GET /nodes} lists it (see {@link CloudifyReplies#node}). */
    public synchronized void node(Map<String, Object> node) {
        nodes.add(new LinkedHashMap<>(node));
    }

    /** A whole node instance, as {@code GET /node-instances} lists it (see {@link CloudifyReplies#instance}). */
    @SuppressWarnings("unchecked")
    public synchronized void nodeInstance(Map<String, Object> instance) {
        Map<String, Object> i = new LinkedHashMap<>(instance);
        i.put("runtime_properties", new LinkedHashMap<>((Map<String, Object>) instance.get("runtime_properties")));
        i.put("version", ((Number) instance.getOrDefault("version", 1)).intValue());
        instances.put(String.valueOf(i.get("id")), i);
    }

    /** The task of {@code operation} on {@code instanceId} fails with {@code error} in every execute_operation from now on. */
    public synchronized void failTask(String operation, String instanceId, String error) {
        failingTasks.put(operation + " " + instanceId, error);
    }

    /** The task of a singular backend operation on {@code balancer} for {@code appInstance} fails with {@code error}. */
    public synchronized void failBackendTask(String operation, String balancer, String appInstance, String error) {
        failingTasks.put(operation + " " + balancer + " " + appInstance, error);
    }

    /**
     * Started execute_operation executions of {@code operation} stay 'started' until released with
     * null (a long step, to meet with something else).
     */
    public synchronized void hold(String operation) {
        heldOperation = operation;
    }

    /** The runtime properties of an instance now. */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> runtimeProperties(String instanceId) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                (Map<String, Object>) instances.get(instanceId).get("runtime_properties")));
    }

    public synchronized List<Exec> executions() {
        return List.copyOf(executions.values());
    }

    /** The requests seen, oldest first, each as "METHOD /path?decoded-query". */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getRawPath();
            String query = x.getRequestURI().getRawQuery();
            String line = x.getRequestMethod() + " " + URLDecoder.decode(path + (query == null ? "" : "?" + query),
                    StandardCharsets.UTF_8);
            byte[] body = x.getRequestBody().readAllBytes();
            Reply reply;
            Duration delay = Duration.ZERO;
            synchronized (this) {
                requests.add(line);
                if (!StubManager.TENANT.equals(x.getRequestHeaders().getFirst("Tenant"))
                        || !StubManager.BASIC.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                    reply = error(401, "User unauthorized", "unauthorized_error");
                } else {
                    reply = route(x.getRequestMethod(), path.substring(API.length()), query(query),
                            new String(body, StandardCharsets.UTF_8));
                    if (path.startsWith(API + "/executions/") && "GET".equals(x.getRequestMethod())) {
                        delay = perPoll;
                    }
                }
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            byte[] out = json.writeValueAsBytes(reply.body());
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(reply.status(), out.length);
            x.getResponseBody().write(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
        }
    }

    private record Reply(int status, Object body) {
    }

    private static Reply error(int status, String message, String code) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("error_code", code);
        e.put("server_traceback", null);
        return new Reply(status, e);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static String one(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private Reply route(String method, String path, Map<String, List<String>> q, String body) throws IOException {
        String[] parts = path.substring(1).split("/");
        switch (method + " " + parts[0] + (parts.length > 1 ? "/" : "")) {
            case "GET deployments/":
                return deployment(parts[1], q);
            case "POST executions":
                return start(json.readValue(body, new TypeReference<Map<String, Object>>() { }));
            case "GET executions":
                return listExecutions(q);
            case "GET executions/":
                return poll(parts[1]);
            case "POST executions/":
                return action(parts[1], json.readValue(body, new TypeReference<Map<String, Object>>() { }));
            case "GET events":
                return events(q);
            case "GET nodes":
                return listing(nodes, q);
            case "GET node-instances":
                return listing(new ArrayList<>(instances.values()), q);
            case "GET node-instances/":
                return instances.containsKey(parts[1]) ? new Reply(200, instances.get(parts[1]))
                        : error(404, "Requested `NodeInstance` with ID `" + parts[1] + "` was not found", "not_found_error");
            case "PATCH node-instances/":
                return patch(parts[1], json.readValue(body, new TypeReference<Map<String, Object>>() { }));
            default:
                return error(404, "no such resource: " + method + " " + path, "not_found_error");
        }
    }

    private Reply listing(List<Map<String, Object>> all, Map<String, List<String>> q) {
        String deploymentId = one(q, "deployment_id");
        if (deploymentId == null || one(q, "_offset") == null || one(q, "_size") == null || !"id".equals(one(q, "_sort"))) {
            return error(400, "listings need deployment_id, _sort=id, _offset and _size here", "bad_parameters_error");
        }
        List<Map<String, Object>> mine = all.stream().filter(m -> deploymentId.equals(m.get("deployment_id")))
                .sorted(java.util.Comparator.comparing(m -> String.valueOf(m.get("id")))).toList();
        int offset = Integer.parseInt(one(q, "_offset"));
        int size = Integer.parseInt(one(q, "_size"));
        List<Object> items = new ArrayList<>();
        for (Map<String, Object> m : mine.subList(Math.min(offset, mine.size()), Math.min(offset + size, mine.size()))) {
            items.add(json.convertValue(include(m, one(q, "_include")), Map.class));
        }
        return page(items, offset, size, mine.size());
    }

    private Reply deployment(String id, Map<String, List<String>> q) {
        if (!workflows.containsKey(id)) {
            return error(404, "Requested `Deployment` with ID `" + id + "` was not found", "not_found_error");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("blueprint_id", id + "-bp");
        List<Map<String, Object>> declared = new ArrayList<>();
        for (String name : workflows.get(id)) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", name);
            w.put("plugin", "default_workflows");
            w.put("parameters", Map.of());
            declared.add(w);
        }
        d.put("workflows", declared);
        d.put("created_at", "2026-12-01T03:00:00.000Z");
        return new Reply(200, include(d, one(q, "_include")));
    }

    private static Map<String, Object> include(Map<String, Object> full, String include) {
        if (include == null) {
            return full;
        }
        Map<String, Object> trimmed = new LinkedHashMap<>();
        for (String field : include.split(",")) {
            if (full.containsKey(field)) {
                trimmed.put(field, full.get(field));
            }
        }
        return trimmed;
    }

    private Reply start(Map<String, Object> body) {
        String deploymentId = String.valueOf(body.get("deployment_id"));
        String workflowId = String.valueOf(body.get("workflow_id"));
        if (!workflows.containsKey(deploymentId)) {
            return error(404, "Requested `Deployment` with ID `" + deploymentId + "` was not found", "not_found_error");
        }
        if (!workflows.get(deploymentId).contains(workflowId)) {
            return error(400, "Workflow " + workflowId + " does not exist in deployment " + deploymentId,
                    "nonexistent_workflow_error");
        }
        boolean busy = executions.values().stream()
                .anyMatch(e -> e.deploymentId.equals(deploymentId) && ACTIVE.contains(e.status));
        boolean queue = Boolean.TRUE.equals(body.get("queue"));
        if (busy && !queue) {
            return error(400, "The following executions are currently running for this deployment: ... To execute"
                    + " this workflow anyway, pass \"force=true\" as a query parameter to this request",
                    "existing_running_execution_error");
        }
        created++;
        String id = "exec-" + created;
        @SuppressWarnings("unchecked")
        Map<String, Object> params = body.get("parameters") instanceof Map<?, ?> m
                ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        Exec e = new Exec(id, deploymentId, workflowId, params,
                String.format("2026-12-01T03:00:%02d.%03dZ", created / 1000 % 60, created % 1000), nextScript,
                busy || systemWideRunning ? "queued" : "pending");
        executions.put(id, e);
        return new Reply(201, shape(e));
    }

    private Map<String, Object> shape(Exec e) {
        Map<String, Object> m = CloudifyReplies.execution(e.id, e.deploymentId, e.status, e.error == null ? "" : e.error,
                e.createdAt, e.parameters);
        m.put("workflow_id", e.workflowId);
        if (e.status.equals("terminated") || e.status.equals("failed") || e.status.equals("cancelled")) {
            m.put("ended_at", e.createdAt);
        }
        return m;
    }

    private Reply listExecutions(Map<String, List<String>> q) {
        if (one(q, "deployment_id") == null || one(q, "_size") == null) {
            return error(400, "listing executions needs deployment_id and _size here", "bad_parameters_error");
        }
        List<Exec> all = new ArrayList<>(executions.values());
        all.removeIf(e -> !e.deploymentId.equals(one(q, "deployment_id")));
        if ("-created_at".equals(one(q, "_sort"))) {
            java.util.Collections.reverse(all);
        }
        int size = Integer.parseInt(one(q, "_size"));
        List<Object> items = new ArrayList<>();
        for (Exec e : all.subList(0, Math.min(size, all.size()))) {
            items.add(include(shape(e), one(q, "_include")));
        }
        return page(items, 0, size, all.size());
    }

    private static Reply page(List<?> items, int offset, int size, int total) {
        return new Reply(200, Map.of("items", items, "metadata",
                Map.of("pagination", Map.of("total", total, "size", size, "offset", offset))));
    }

    private Reply poll(String id) {
        Exec e = executions.get(id);
        if (e == null) {
            return error(404, "Requested `Execution` with ID `" + id + "` was not found", "not_found_error");
        }
        advance(e);
        return new Reply(200, shape(e));
    }

    private void advance(Exec e) {
        switch (e.status) {
            case "queued":
                if (!systemWideRunning) {
                    e.status = "pending";
                }
                break;
            case "pending":
                e.status = "started";
                event(e, "workflow_started", "info", "Starting '" + e.workflowId + "' workflow execution");
                break;
            case "started":
                if (heldOperation != null && heldOperation.equals(e.parameters.get("operation"))) {
                    break;
                }
                e.polls++;
                event(e, null, "info", "step " + e.polls + " of " + e.workflowId);
                event(e, null, "debug", "detail of step " + e.polls);
                if (e.script.runningPolls() >= 0 && e.polls >= e.script.runningPolls()) {
                    publishedAtEnd.forEach(message -> event(e, "workflow_event", "info", message));
                    e.status = e.script.endStatus();
                    e.error = e.script.error();
                    if ("execute_operation".equals(e.workflowId)) {
                        runTasks(e);
                    }
                    event(e, "terminated".equals(e.status) ? "workflow_succeeded" : "workflow_failed", "info",
                            "'" + e.workflowId + "' workflow execution " + ("terminated".equals(e.status)
                                    ? "succeeded" : "failed"));
                }
                break;
            case "cancelling":
                if (++e.cancelPolls >= cancelPolls) {
                    e.status = "cancelled";
                    event(e, "workflow_cancelled", "info", "'" + e.workflowId + "' workflow execution cancelled");
                }
                break;
            case "force_cancelling":
            case "kill_cancelling":
                e.status = "cancelled";
                event(e, "workflow_cancelled", "info", "'" + e.workflowId + "' workflow execution cancelled");
                break;
            default:
                break;
        }
    }

    /** One task per listed instance; a failed task fails the execution, the others still end and report. */
    @SuppressWarnings("unchecked")
    private void runTasks(Exec e) {
        String operation = String.valueOf(e.parameters.get("operation"));
        Map<String, Object> kwargs = e.parameters.get("operation_kwargs") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        List<String> failures = new ArrayList<>();
        for (Object target : (List<Object>) e.parameters.getOrDefault("node_instance_ids", List.of())) {
            String id = String.valueOf(target);
            taskEvent(e, "task_started", "Task started 'script_runner.tasks.run'", id, operation);
            String error = failingTasks.getOrDefault(operation + " " + id + " " + kwargs.get("instance_id"),
                    failingTasks.get(operation + " " + id));
            if (error != null || !instances.containsKey(id)) {
                String why = error != null ? error : "no node instance " + id;
                taskEvent(e, "task_failed", "Task failed 'script_runner.tasks.run' -> " + why, id, operation);
                failures.add("Task failed 'script_runner.tasks.run' -> " + why);
                continue;
            }
            apply(operation, kwargs, (Map<String, Object>) instances.get(id).get("runtime_properties"));
            instances.get(id).put("version", ((Number) instances.get(id).get("version")).intValue() + 1);
            taskEvent(e, "task_succeeded", "Task succeeded 'script_runner.tasks.run'", id, operation);
        }
        if (!failures.isEmpty()) {
            e.status = "failed";
            e.error = failures.size() == 1 ? failures.get(0)
                    : failures.size() + " operation errors:\n" + String.join("\n", failures);
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(String operation, Map<String, Object> kwargs, Map<String, Object> props) {
        Map<String, Object> backends = props.get("backends") instanceof Map<?, ?> b
                ? new LinkedHashMap<>((Map<String, Object>) b) : new LinkedHashMap<>();
        List<Map<String, Object>> listed = new ArrayList<>();
        if (kwargs.get("backends") instanceof List<?> l) {
            l.forEach(item -> listed.add((Map<String, Object>) item));
        } else if (kwargs.containsKey("instance_id")) {
            listed.add(kwargs);
        }
        switch (operation.substring(operation.indexOf('.') + 1)) {
            case "upgrade" -> {
                props.put("app_prev_version", props.get("app_version"));
                props.put("app_version", kwargs.get("version"));
            }
            case "rollback" -> props.put("app_version", props.getOrDefault("app_prev_version", props.get("app_version")));
            case "remove_backend", "remove_backends" -> {
                listed.forEach(b -> backends.remove(String.valueOf(b.get("instance_id"))));
                props.put("backends", backends);
            }
            case "add_backend", "add_backends" -> {
                listed.forEach(b -> backends.put(String.valueOf(b.get("instance_id")), Map.of("address",
                        String.valueOf(b.get("address")), "port", b.get("port"), "enabled", true)));
                props.put("backends", backends);
            }
            case "list_servers" -> props.put("servers", backends.keySet().stream().map(name -> Map.of("name", name,
                    "operational", "UP", "admin_state", "READY")).toList());
            default -> { }
        }
    }

    private void taskEvent(Exec e, String eventType, String message, String instanceId, String operation) {
        String ts = String.format("2026-12-01T03:01:%02d.%03dZ", e.events.size() / 1000 % 60, e.events.size() % 1000);
        Map<String, Object> ev = CloudifyReplies.event(ts, eventType, message, instanceId, operation);
        ev.put("deployment_id", e.deploymentId);
        e.events.add(ev);
    }

    private void event(Exec e, String eventType, String level, String message) {
        String ts = String.format("2026-12-01T03:01:%02d.%03dZ", e.events.size() / 1000 % 60, e.events.size() % 1000);
        Map<String, Object> ev = eventType == null ? CloudifyReplies.log(ts, level, message, "", "")
                : CloudifyReplies.event(ts, eventType, message, "", "");
        ev.put("workflow_id", e.workflowId);
        ev.put("deployment_id", e.deploymentId);
        e.events.add(ev);
    }

    private Reply action(String id, Map<String, Object> body) {
        Exec e = executions.get(id);
        if (e == null) {
            return error(404, "Requested `Execution` with ID `" + id + "` was not found", "not_found_error");
        }
        String action = String.valueOf(body.get("action"));
        if (!ACTIVE.contains(e.status)) {
            return error(400, "Can't " + action + " execution " + id + " because it's in status " + e.status,
                    "illegal_execution_parameters_error");
        }
        e.tokenRevoked = true;
        if (Set.of("queued", "pending", "scheduled").contains(e.status)) {
            e.status = "cancelled";
        } else if ("cancel".equals(action)) {
            e.status = "cancelling";
        } else if ("force-cancel".equals(action)) {
            e.status = "force_cancelling";
        } else if ("kill".equals(action)) {
            e.status = "kill_cancelling";
        } else {
            return error(400, "Unknown action: " + action, "bad_parameters_error");
        }
        return new Reply(200, shape(e));
    }

    private Reply events(Map<String, List<String>> q) {
        List<String> types = q.getOrDefault("type", List.of());
        if (!types.containsAll(List.of("cloudify_event", "cloudify_log")) || !"reported_timestamp".equals(one(q, "_sort"))
                || one(q, "_offset") == null || one(q, "_size") == null) {
            return error(400, "events must be asked for by type, sorted by reported_timestamp, paged",
                    "bad_parameters_error");
        }
        Exec e = executions.get(one(q, "execution_id"));
        List<Map<String, Object>> all = e == null ? List.of() : e.events;
        int offset = Integer.parseInt(one(q, "_offset"));
        int size = Integer.parseInt(one(q, "_size"));
        List<Object> items = new ArrayList<>(all.subList(Math.min(offset, all.size()), Math.min(offset + size, all.size())));
        return page(items, offset, size, all.size());
    }

    @SuppressWarnings("unchecked")
    private Reply patch(String id, Map<String, Object> body) {
        Map<String, Object> i = instances.get(id);
        if (i == null) {
            return error(404, "Requested `NodeInstance` with ID `" + id + "` was not found", "not_found_error");
        }
        int current = (Integer) i.get("version");
        int sent = ((Number) body.get("version")).intValue();
        if (sent != current) {
            return error(409, "Node instance update conflict [current version=" + current + ", update version="
                    + sent + "]", "conflict_error");
        }
        i.put("version", current + 1);
        i.put("runtime_properties", new LinkedHashMap<>((Map<String, Object>) body.get("runtime_properties")));
        return new Reply(200, i);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
