package io.webappupgrade.agent;

import io.webappupgrade.ctx.OperationContext;

/** The body of one operation. Failures are thrown: see {@link AgentRunner} for how they reach Cloudify. */
@FunctionalInterface
public interface Operation {

    void run(OperationContext ctx) throws Exception;
}
