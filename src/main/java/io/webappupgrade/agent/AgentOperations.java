package io.webappupgrade.agent;

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
        Supplier<WebAppOperations> webapp = new Lazy<>(() -> WebAppOperations.standard(new OkHttpClient()));
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
        ops.add(OperationSpec.node("webapp.upgrade",
                "Install release 'version' from 'url' beside the running one, switch, restart, health-check;"
                        + " back to the previous release if it does not get healthy",
                List.of("version", "url", "sha256"), ctx -> webapp.get().upgrade(ctx)));
        ops.add(OperationSpec.node("webapp.rollback", "Go back to the previous kept release, restart, health-check",
                List.of(), ctx -> webapp.get().rollback(ctx)));
        return new OperationRegistry(ops);
    }
}
