package io.webappupgrade.agent;

import java.util.ArrayList;
import java.util.List;

/** Every operation the agent jar provides, wired to its dependencies. */
public final class AgentOperations {

    private AgentOperations() {
    }

    public static OperationRegistry registry(String agentVersion) {
        List<OperationSpec> ops = new ArrayList<>();
        ops.add(OperationSpec.node("agent.check",
                "Check that the agent runs here and reaches Cloudify (records agent_version, agent_checked_at)",
                List.of(), new AgentCheck(agentVersion)));
        return new OperationRegistry(ops);
    }
}
