package io.webappupgrade.ctx;

/** One node instance as an operation sees it: its node's properties and its own runtime properties. */
public interface NodeInstanceContext {

    String nodeId();

    String instanceId();

    Properties properties();

    RuntimeProperties runtimeProperties();
}
