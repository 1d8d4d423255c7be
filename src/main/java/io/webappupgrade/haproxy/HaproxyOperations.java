package io.webappupgrade.haproxy;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.OperationContext;
import io.webappupgrade.ctx.Properties;
import io.webappupgrade.ctx.RecoverableError;
import io.webappupgrade.ctx.RuntimeProperties;
import io.webappupgrade.json.JsonValues;
import io.webappupgrade.values.SecondsRule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of the HAProxy node type and of the app-to-HAProxy relationship.
 *
 * <p>Node operations ({@code configure}, {@code start}, {@code stop}, {@code delete},
 * {@code add_backend}, {@code remove_backend}, their plurals {@code add_backends} and
 * {@code remove_backends}, {@code list_servers}) act on {@code ctx.instance()}. The relationship's
 * target-side {@code establish} and {@code unlink} take the app instance from {@code ctx.source()}
 * and the HAProxy from {@code ctx.target()}. {@code add_backend}/{@code remove_backend} exist for
 * callers that cannot run relationship operations (the manager's REST API) and share their code.
 *
 * <p>Runtime properties written on the HAProxy instance ({@code backends} and the rest) are for
 * people and callers to read; the locked backend set next to the config is what changes rely on.
 */
public final class HaproxyOperations {

    private static final Logger LOG = LoggerFactory.getLogger(HaproxyOperations.class);

    private final JsonValues json;
    private final String systemctl;

    /** @param systemctl the service manager's command, used only when {@code service_name} is set */
    public HaproxyOperations(JsonValues json, String systemctl) {
        this.json = json;
        this.systemctl = systemctl;
    }

    public HaproxyOperations(JsonValues json) {
        this(json, "systemctl");
    }

    /** Writes haproxy.cfg (validated) from the node properties and the backend set kept so far. */
    public void configure(OperationContext ctx) {
        run("configure", () -> {
            HaproxyNode node = node(ctx.instance());
            if (!node.settings().runsAsService() && node.runner().pid().isEmpty()) {
                // our HAProxy is not running, so nothing of ours holds these addresses yet
                ListenAddressCheck.requireFree(node.settings());
            }
            List<BackendServer> servers = node.writeConfig();
            HaproxySettings s = node.settings();
            RuntimeProperties props = ctx.instance().runtimeProperties();
            props.put("config_path", s.configPath().toString());
            props.put("stats_socket", s.statsSocket().toString());
            props.put("frontend_url", s.frontendUrl());
            // "backends": the name DeploymentOperations.BACKENDS gives it (haproxy may not depend on deployment).
            props.put("backends", backendsProperty(servers));
            LOG.info("HAProxy config written to {}", s.configPath());
            return null;
        });
    }

    /** Starts HAProxy (our daemon, or the system service) and waits until its runtime API answers. */
    public void start(OperationContext ctx) {
        run("start", () -> {
            HaproxyNode node = node(ctx.instance());
            node.runner().start();
            node.runner().pid().ifPresent(pid -> ctx.instance().runtimeProperties().put("pid", pid));
            return null;
        });
    }

    public void stop(OperationContext ctx) {
        run("stop", () -> {
            node(ctx.instance()).runner().stop();
            ctx.instance().runtimeProperties().remove("pid");
            return null;
        });
    }

    /** Forgets the backend set and removes the files configure wrote (the config of a system service stays). */
    public void delete(OperationContext ctx) {
        run("delete", () -> {
            HaproxyNode node = node(ctx.instance());
            if (!node.settings().runsAsService()) {
                node.runner().stop();
            }
            node.deleteFiles();
            RuntimeProperties props = ctx.instance().runtimeProperties();
            List.of("pid", "backends", "config_path", "stats_socket", "frontend_url").forEach(props::remove);
            return null;
        });
    }

    /** Relationship, target side: puts the source app instance into the backend. */
    public void establish(OperationContext ctx) {
        run("establish", () -> {
            NodeInstanceContext app = ctx.source();
            Properties appProps = app.runtimeProperties().read();
            String ip = appProps.optionalString("ip").orElseThrow(() -> new IllegalArgumentException(
                    "runtime property 'ip' of app instance '" + app.instanceId() + "' is required: expected its IP address"));
            int port = appProps.integer("port", 0);
            if (port == 0) {
                throw new IllegalArgumentException("runtime property 'port' of app instance '" + app.instanceId()
                        + "' is required: expected the port it serves on");
            }
            return addBackend(ctx, ctx.target(), new BackendServer(app.instanceId(), ip, port, true));
        });
    }

    /** Relationship, target side: drains the source app instance and takes it out of the backend. */
    public void unlink(OperationContext ctx) {
        run("unlink", () -> removeBackend(ctx, ctx.target(), ctx.source().instanceId()));
    }

    /** Node operation: inputs {@code instance_id}, {@code address}, {@code port}; the same change as establish. */
    public void addBackend(OperationContext ctx) {
        run("add_backend", () -> {
            Properties in = ctx.inputs().values();
            BackendServer server = new BackendServer(
                    in.string("instance_id"), in.string("address"), in.integer("port", 0), true);
            return addBackend(ctx, ctx.instance(), server);
        });
    }

    /** Node operation: inputs {@code instance_id}, optional {@code drain_timeout}; the same change as unlink. */
    public void removeBackend(OperationContext ctx) {
        run("remove_backend", () -> removeBackend(ctx, ctx.instance(), ctx.inputs().values().string("instance_id")));
    }

    /**
     * Node operation: input {@code backends}, a list of {@code {instance_id, address, port}}; what
     * add_backend does for each, side by side (their health checks awaited together). One call puts
     * a whole batch back, for callers that pay per operation (the manager's REST API).
     */
    public void addBackends(OperationContext ctx) {
        run("add_backends", () -> {
            BackendsInput listed = BackendsInput.read(ctx.inputs().values().value(BackendsInput.INPUT).orElse(null), true);
            HaproxyNode node = node(ctx.instance());
            BackendSet backends = node.backends();
            Map<String, BackendServer> byName = new LinkedHashMap<>();
            listed.items().forEach(i -> byName.put(i.instanceId(), i.server()));
            return recordedAll(ctx, ctx.instance(), backends, () -> SideBySideChanges.run(listed.names(),
                    name -> backends.add(byName.get(name), node.settings().upTimeout())));
        });
    }

    /**
     * Node operation: inputs {@code backends} (a list of {@code {instance_id}}; address and port
     * are ignored) and optional {@code drain_timeout}; what remove_backend does for each, side by
     * side: every drain is set at once and awaited together, so a batch costs one drain's time.
     */
    public void removeBackends(OperationContext ctx) {
        run("remove_backends", () -> {
            BackendsInput listed = BackendsInput.read(ctx.inputs().values().value(BackendsInput.INPUT).orElse(null), false);
            HaproxyNode node = node(ctx.instance());
            Duration drain = drainTimeout(ctx, node);
            BackendSet backends = node.backends();
            return recordedAll(ctx, ctx.instance(), backends, () -> SideBySideChanges.run(listed.names(),
                    name -> backends.remove(name, drain)));
        });
    }

    /**
     * Node operation: reads the backend's servers from the runtime API (running or not, admin
     * state) into the runtime property {@code servers} and returns them, so a caller can check
     * how many serve before it takes one out.
     */
    public void listServers(OperationContext ctx) {
        run("list_servers", () -> {
            HaproxyNode node = node(ctx.instance());
            List<Map<String, Object>> servers = node.backends().live().stream().map(LiveServer::toMap).toList();
            // the whole top-level key: nested writes are not persisted by the orchestrator
            ctx.instance().runtimeProperties().put("servers", servers);
            ctx.returns(Map.of("backend", node.settings().backendName(), "servers", servers));
            return null;
        });
    }

    private BackendChange addBackend(OperationContext ctx, NodeInstanceContext haproxy, BackendServer server) {
        HaproxyNode node = node(haproxy);
        BackendSet backends = node.backends();
        BackendChange change = backends.add(server, node.settings().upTimeout());
        return recorded(ctx, haproxy, backends, change);
    }

    private BackendChange removeBackend(OperationContext ctx, NodeInstanceContext haproxy, String instanceId) {
        HaproxyNode node = node(haproxy);
        Duration drain = drainTimeout(ctx, node);
        BackendSet backends = node.backends();
        BackendChange change = backends.remove(instanceId, drain);
        return recorded(ctx, haproxy, backends, change);
    }

    private static Duration drainTimeout(OperationContext ctx, HaproxyNode node) {
        return ctx.inputs().values().has("drain_timeout")
                ? ctx.inputs().values().seconds("drain_timeout", 0, SecondsRule.POSITIVE)
                : node.settings().drainTimeout();
    }

    /**
     * Runs several changes and records the backend set once, also when some failed (the others
     * took effect, and the record must say so), then returns what each did.
     */
    private List<BackendChange> recordedAll(OperationContext ctx, NodeInstanceContext haproxy, BackendSet backends,
            Supplier<List<BackendChange>> changes) {
        List<BackendChange> done;
        try {
            done = changes.get();
        } finally {
            backends.publishServers(servers -> haproxy.runtimeProperties().putAndPersist("backends",
                    () -> backendsProperty(servers)));
        }
        done.forEach(change -> LOG.info(change.message()));
        ctx.returns(Map.of("changes", done.stream().map(change -> Map.of("server", change.server(),
                "change", change.kind().name().toLowerCase(java.util.Locale.ROOT), "message", change.message())).toList()));
        return done;
    }

    private BackendChange recorded(OperationContext ctx, NodeInstanceContext haproxy, BackendSet backends, BackendChange change) {
        LOG.info(change.message());
        // The whole top-level key (nested writes are not persisted by the orchestrator), stored now, under the
        // backend set's lock so reports follow the order of the changes; on a version conflict (several unlinks
        // of one uninstall write it at once) it is stored again from the same set, which the lock keeps current.
        backends.publishServers(servers -> haproxy.runtimeProperties().putAndPersist("backends",
                () -> backendsProperty(servers)));
        ctx.returns(Map.of("server", change.server(), "change", change.kind().name().toLowerCase(java.util.Locale.ROOT),
                "message", change.message()));
        return change;
    }

    private HaproxyNode node(NodeInstanceContext haproxy) {
        return new HaproxyNode(HaproxySettings.fromProperties(haproxy.properties()), json, systemctl);
    }

    private static Map<String, Object> backendsProperty(List<BackendServer> servers) {
        Map<String, Object> out = new LinkedHashMap<>();
        servers.forEach(s -> out.put(s.name(), Map.of("address", s.address(), "port", s.port(), "enabled", s.enabled())));
        return out;
    }

    /** Turns failures into the orchestrator's two kinds: retrying may help, or it will not. */
    private static void run(String operation, Supplier<Object> body) {
        try {
            body.get();
        } catch (BackendChangesException e) {
            String message = "HAProxy " + operation + ": " + e.getMessage();
            throw e.retryable() ? new RecoverableError(message, null, e) : new NonRecoverableError(message, e);
        } catch (IllegalArgumentException | InvalidConfigException | DrainTimeoutException | DrainInterruptedException e) {
            throw new NonRecoverableError("HAProxy " + operation + ": " + e.getMessage(), e);
        } catch (RuntimeApiException | LockTimeoutException | NotHealthyException e) {
            throw new RecoverableError("HAProxy " + operation + ": " + e.getMessage(), null, e);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new NonRecoverableError("HAProxy " + operation + ": " + e.getMessage(), e);
        }
    }
}
