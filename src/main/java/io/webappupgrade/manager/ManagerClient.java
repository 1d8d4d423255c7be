package io.webappupgrade.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import org.slf4j.Logger;

/**
 * A client of a Cloudify manager's REST API (v3.1): the calls a rollout needs. Thread-safe.
 *
 * <p>Every request carries the {@code Tenant} header and the credentials; bodies are sent as
 * exactly {@code Content-Type: application/json}. Listings are read page by page until the
 * {@code total} the manager reports. Error replies become {@link ManagerException} subclasses.
 * Reads are retried per the {@link RetryPolicy}; {@link #startExecution} is never sent twice
 * blindly: when its outcome is unknown, the execution is looked up first.
 */
public final class ManagerClient implements AutoCloseable {

    /** Tries of a runtime-properties update that keeps meeting newer versions. */
    private static final int UPDATE_TRIES = 5;
    private static final int LOOKUP_TRIES = 3;
    private static final String NODE_FIELDS = "id,deployment_id,type,type_hierarchy,operations,relationships,"
            + "number_of_instances";
    private static final String INSTANCE_FIELDS = "id,node_id,deployment_id,host_id,state,version,runtime_properties,"
            + "relationships";

    private final ManagerConnection connection;
    private final ClientSettings settings;
    private final Logger log;
    private final ManagerHttp http;
    private final Wire wire;
    private final ObjectMapper json = new ObjectMapper();
    /** Per deployment, the creation time of the newest execution known to predate ours. */
    private final ConcurrentMap<String, String> watermarks = new ConcurrentHashMap<>();

    public ManagerClient(ManagerConnection connection, ClientSettings settings) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = settings.log();
        this.http = new ManagerHttp(connection, settings, json);
        this.wire = new Wire(json);
    }

    public ManagerClient(ManagerConnection connection) {
        this(connection, ClientSettings.standard());
    }

    public ManagerConnection connection() {
        return connection;
    }

    /** Every node of a deployment. */
    public List<ManagerNode> nodes(String deploymentId) {
        return list("nodes", Map.of("deployment_id", deploymentId), NODE_FIELDS, wire::node);
    }

    /** Every node instance of a deployment. */
    public List<ManagerNodeInstance> nodeInstances(String deploymentId) {
        return list("node-instances", Map.of("deployment_id", deploymentId), INSTANCE_FIELDS, wire::instance);
    }

    public ManagerNodeInstance nodeInstance(String instanceId) {
        return wire.instance(http.get(http.url("node-instances", instanceId).build()));
    }

    /**
     * Replaces an instance's runtime properties with {@code change} applied to the current ones.
     * When another writer got there first (409), the instance is read again and {@code change}
     * applied to the newer properties, up to five times; so {@code change} must be a function of
     * the properties it is given (set this key), not of what the caller read earlier.
     */
    public ManagerNodeInstance updateRuntimeProperties(String instanceId, UnaryOperator<Map<String, Object>> change) {
        ConflictException last = null;
        for (int attempt = 1; attempt <= UPDATE_TRIES; attempt++) {
            ManagerNodeInstance current = nodeInstance(instanceId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", current.version());
            body.put("runtime_properties", change.apply(new LinkedHashMap<>(current.runtimeProperties())));
            try {
                return wire.instance(http.change("PATCH", http.url("node-instances", instanceId).build(), body));
            } catch (ConflictException e) {
                last = e;
                log.info("runtime properties of {} changed since version {} was read; reading them again", instanceId,
                        current.version());
            } catch (OutcomeUnknownException e) {
                // Reading again shows whether it was applied; the change is then made on what is there.
                log.warn("{}; reading {} again before deciding", e.getMessage(), instanceId);
            }
        }
        throw new ConflictException("the runtime properties of " + instanceId + " kept changing: " + UPDATE_TRIES
                + " updates in a row met a newer version; last: " + (last == null ? "no reply" : last.getMessage()),
                409, "conflict_error");
    }

    /**
     * Starts a workflow execution. When the request got no clear answer, the deployment's newest
     * executions are searched for it (same workflow and parameters, created after any execution
     * seen before it) and, if found, that execution is returned; it is sent again only if not.
     *
     * @throws ExistingRunningExecutionException when another execution is active on the deployment
     */
    public Execution startExecution(String deploymentId, String workflowId, Map<String, Object> parameters) {
        String watermark = watermarks.computeIfAbsent(deploymentId, this::newestCreatedAt);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployment_id", deploymentId);
        body.put("workflow_id", workflowId);
        body.put("parameters", parameters);
        HttpUrl url = http.url("executions").build();
        Execution started;
        try {
            started = wire.execution(http.change("POST", url, body));
        } catch (OutcomeUnknownException unknown) {
            log.warn("{}; looking the execution up instead of starting it again", unknown.getMessage());
            Optional<Execution> found = lookUp(deploymentId, workflowId, parameters, watermark);
            if (found.isPresent()) {
                log.info("execution {} of {} had started; following it", found.get().id(), workflowId);
                started = found.get();
            } else {
                log.warn("no execution of {} was started on {}; starting it now", workflowId, deploymentId);
                started = wire.execution(http.change("POST", url, body));
            }
        }
        if (started.createdAt().compareTo(watermarks.getOrDefault(deploymentId, "")) > 0) {
            watermarks.put(deploymentId, started.createdAt());
        }
        return started;
    }

    public Execution execution(String executionId) {
        return wire.execution(http.get(http.url("executions", executionId).build()));
    }

    /**
     * The names of the workflows a deployment declares (its blueprint's and the built-in ones),
     * from {@code GET /deployments/{id}} trimmed to {@code id,workflows}.
     */
    public Set<String> deploymentWorkflows(String deploymentId) {
        HttpUrl url = http.url("deployments", deploymentId).addQueryParameter("_include", "id,workflows").build();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode workflow : http.get(url).path("workflows")) {
            String name = Wire.text(workflow, "name");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Asks the manager to end an execution without waiting for its operations ({@code force-cancel}). */
    public Execution forceCancelExecution(String executionId) {
        return wire.execution(http.repeatable("POST", http.url("executions", executionId).build(),
                Map.of("action", "force-cancel")));
    }

    /** Asks the manager to cancel an execution (it may take a while to stop). */
    public Execution cancelExecution(String executionId) {
        return wire.execution(http.repeatable("POST", http.url("executions", executionId).build(),
                Map.of("action", "cancel")));
    }

    /**
     * One page of an execution's events and logs, oldest first.
     *
     * @return the page and the total the manager reports
     */
    public EventPage events(String executionId, int offset) {
        HttpUrl url = http.url("events")
                .addQueryParameter("execution_id", executionId)
                .addQueryParameter("type", "cloudify_event")
                .addQueryParameter("type", "cloudify_log")
                .addQueryParameter("_sort", "reported_timestamp")
                .addQueryParameter("_offset", String.valueOf(offset))
                .addQueryParameter("_size", String.valueOf(settings.pageSize()))
                .build();
        JsonNode page = http.get(url);
        List<ManagerEvent> events = new ArrayList<>();
        for (JsonNode item : items(page, url)) {
            events.add(wire.event(item));
        }
        return new EventPage(events, total(page));
    }

    /** A page of events and the total count the manager reported. */
    public record EventPage(List<ManagerEvent> events, long total) {
        public EventPage {
            events = List.copyOf(events);
        }
    }

    private Optional<Execution> lookUp(String deploymentId, String workflowId, Map<String, Object> parameters,
            String watermark) {
        JsonNode wanted = json.valueToTree(parameters);
        HttpUrl url = http.url("executions")
                .addQueryParameter("deployment_id", deploymentId)
                .addQueryParameter("workflow_id", workflowId)
                .addQueryParameter("_sort", "-created_at")
                .addQueryParameter("_size", "10")
                .build();
        for (int attempt = 1; attempt <= LOOKUP_TRIES; attempt++) {
            for (JsonNode item : items(http.get(url), url)) {
                if (Wire.text(item, "created_at").compareTo(watermark) > 0 && sameParameters(wanted, item.path("parameters"))) {
                    return Optional.of(wire.execution(item));
                }
            }
            if (attempt < LOOKUP_TRIES) {
                // The manager may still be creating it.
                sleepQuietly(settings.retries().backoffAfter(attempt).toMillis());
            }
        }
        return Optional.empty();
    }

    /** The manager adds the workflow's defaults to what was sent; every key sent must match. */
    private static boolean sameParameters(JsonNode sent, JsonNode stored) {
        for (var it = sent.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().equals(stored.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The deployment's newest executions, newest first, at most {@code count}. */
    public List<Execution> newestExecutions(String deploymentId, int count) {
        HttpUrl url = http.url("executions")
                .addQueryParameter("deployment_id", deploymentId)
                .addQueryParameter("_sort", "-created_at")
                .addQueryParameter("_size", String.valueOf(count))
                .build();
        List<Execution> out = new ArrayList<>();
        for (JsonNode item : items(http.get(url), url)) {
            out.add(wire.execution(item));
        }
        return out;
    }

    private String newestCreatedAt(String deploymentId) {
        HttpUrl url = http.url("executions")
                .addQueryParameter("deployment_id", deploymentId)
                .addQueryParameter("_include", "id,created_at")
                .addQueryParameter("_sort", "-created_at")
                .addQueryParameter("_size", "1")
                .build();
        for (JsonNode item : items(http.get(url), url)) {
            return Wire.text(item, "created_at");
        }
        return "";
    }

    private <T> List<T> list(String resource, Map<String, String> filters, String include, Function<JsonNode, T> map) {
        List<T> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            HttpUrl.Builder b = http.url(resource);
            filters.forEach(b::addQueryParameter);
            HttpUrl url = b.addQueryParameter("_include", include)
                    // a stable order, so that pages neither skip nor repeat items
                    .addQueryParameter("_sort", "id")
                    .addQueryParameter("_offset", String.valueOf(offset))
                    .addQueryParameter("_size", String.valueOf(settings.pageSize()))
                    .build();
            JsonNode page = http.get(url);
            JsonNode items = items(page, url);
            for (JsonNode item : items) {
                out.add(map.apply(item));
            }
            offset += items.size();
            long total = total(page);
            if (items.size() == 0 || total < 0 || offset >= total) {
                return out;
            }
        }
    }

    private static JsonNode items(JsonNode page, HttpUrl url) {
        JsonNode items = page.get("items");
        if (items == null || !items.isArray()) {
            throw new ServerErrorException("GET " + url.encodedPath() + ": the reply has no 'items' list; not a listing "
                    + "of the REST API v3.1", 200, "");
        }
        return items;
    }

    private static long total(JsonNode page) {
        JsonNode total = page.path("metadata").path("pagination").path("total");
        return total.isNumber() ? total.asLong() : -1;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerUnreachableException("interrupted while looking up an execution", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ManagerClient[" + connection + "]";
    }
}
