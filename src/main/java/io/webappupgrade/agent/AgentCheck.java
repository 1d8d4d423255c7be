package io.webappupgrade.agent;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.OperationContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agent.check}: proves that the agent runs on the host that executes operations and can
 * talk to Cloudify: it reads the instance's ids and a node property, records three runtime
 * properties and logs two lines. Also what the start-up benchmark measures.
 */
final class AgentCheck implements Operation {

    private static final Logger log = LoggerFactory.getLogger(AgentCheck.class);

    private final String agentVersion;

    AgentCheck(String agentVersion) {
        this.agentVersion = agentVersion;
    }

    @Override
    public void run(OperationContext ctx) {
        NodeInstanceContext instance = ctx.instance();
        String node = instance.nodeId();
        String id = instance.instanceId();
        Object port = instance.properties().value("port").orElse("(none)");
        log.info("webapp-upgrade agent {} on Java {} reached instance {} of node {}",
                agentVersion, Runtime.version(), id, node);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("agent_version", agentVersion);
        record.put("agent_java_version", Runtime.version().toString());
        record.put("agent_checked_at", Instant.now().toString());
        record.forEach(instance.runtimeProperties()::put);
        log.info("node property port is {}; agent check recorded", port);
    }
}
