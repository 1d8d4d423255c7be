package io.webappupgrade.agent;

import io.webappupgrade.haproxy.HaproxyOperations;
import io.webappupgrade.json.JsonValues;
import io.webappupgrade.lazy.Lazy;
import io.webappupgrade.webapp.WebAppOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/** Every operation the agent jar provides, wired to its dependencies. */
public final class AgentOperations {

    private AgentOperations() {
    }

    public static OperationRegistry registry(String agentVersion) {
        Supplier<WebAppOperations> webapp = new Lazy<>(() ->
                // a lambda, not OkHttpClient::new: a method reference loads the client's classes where it is made
                WebAppOperations.standard(new Lazy<>(() -> new OkHttpClient())));
        Supplier<HaproxyOperations> haproxy = new Lazy<>(() -> new HaproxyOperations(new JsonValues()));
        List<OperationSpec> ops = new ArrayList<>();
        ops.add(OperationSpec.node("agent.check",
                "Check that the agent runs here and reaches Cloudify (records agent_version, agent_checked_at)",
                List.of(), new AgentCheck(agentVersion)));
        ops.add(OperationSpec.node("webapp.configure",
                "Fetch and unpack the release of node property 'version' from 'application_url'; pick the port",
                List.of(), ctx -> webapp.get().configure(ctx)));
        ops.add(OperationSpec.node("webapp.start", "Start the current release and wait until it is healthy",
                List.of(), ctx -> webapp.get().start(ctx)));
        ops.add(OperationSpec.node("webapp.stop", "Stop the app (SIGTERM, then SIGKILL after stop_timeout)",
                List.of(), ctx -> webapp.get().stop(ctx)));
        ops.add(OperationSpec.node("webapp.delete", "Stop the app if it runs and remove its releases",
                List.of(), ctx -> webapp.get().delete(ctx)));
        ops.add(OperationSpec.node("webapp.prepare",
                "Fetch, check and unpack release 'version' from 'url' beside the running one, which keeps serving;"
                        + " a later upgrade to it does not fetch again",
                List.of("version", "url", "sha256"), ctx -> webapp.get().prepare(ctx)));
        ops.add(OperationSpec.node("webapp.upgrade",
                "Install release 'version' from 'url' beside the running one, switch, restart, health-check;"
                        + " back to the previous release if it does not get healthy",
                List.of("version", "url", "sha256"), ctx -> webapp.get().upgrade(ctx)));
        ops.add(OperationSpec.node("webapp.rollback", "Go back to the previous kept release, restart, health-check",
                List.of(), ctx -> webapp.get().rollback(ctx)));
        ops.add(OperationSpec.node("haproxy.configure",
                "Write haproxy.cfg from the node properties and validate it with haproxy -c",
                List.of(), ctx -> haproxy.get().configure(ctx)));
        ops.add(OperationSpec.node("haproxy.start", "Start HAProxy (or its system service) and wait for its stats socket",
                List.of(), ctx -> haproxy.get().start(ctx)));
        ops.add(OperationSpec.node("haproxy.stop", "Stop HAProxy; succeeds when it is not running",
                List.of(), ctx -> haproxy.get().stop(ctx)));
        ops.add(OperationSpec.node("haproxy.delete", "Remove the files configure wrote",
                List.of(), ctx -> haproxy.get().delete(ctx)));
        ops.add(OperationSpec.relationship("haproxy.establish",
                "Add the source app instance as a server, live through the runtime API, once it is healthy",
                List.of(), ctx -> haproxy.get().establish(ctx)));
        ops.add(OperationSpec.relationship("haproxy.unlink",
                "Drain the source app instance's server until idle, then remove it",
                List.of("drain_timeout"), ctx -> haproxy.get().unlink(ctx)));
        ops.add(OperationSpec.node("haproxy.add_backend",
                "Add a server by app instance id, address and port (what establish does, for REST callers)",
                List.of("instance_id", "address", "port"), ctx -> haproxy.get().addBackend(ctx)));
        ops.add(OperationSpec.node("haproxy.remove_backend",
                "Drain and remove a server by app instance id (what unlink does, for REST callers)",
                List.of("instance_id", "drain_timeout"), ctx -> haproxy.get().removeBackend(ctx)));
        ops.add(OperationSpec.node("haproxy.add_backends",
                "Add several servers at once, input backends: [{instance_id, address, port}] (a batch's establish)",
                List.of("backends"), ctx -> haproxy.get().addBackends(ctx)));
        ops.add(OperationSpec.node("haproxy.remove_backends",
                "Drain several servers together and remove them, input backends: [{instance_id}] (a batch's unlink)",
                List.of("backends", "drain_timeout"), ctx -> haproxy.get().removeBackends(ctx)));
        ops.add(OperationSpec.node("haproxy.list_servers",
                "Read the backend's servers (running or not, admin state) into the runtime property servers",
                List.of(), ctx -> haproxy.get().listServers(ctx)));
        return new OperationRegistry(ops);
    }
}
