package io.webappupgrade.ctx;

import java.nio.file.Path;

/**
 * What an operation sees of the orchestrator that runs it. A node operation uses
 * {@link #instance()}; a relationship operation uses {@link #source()} and {@link #target()}.
 * Operations never know which runtime (Cloudify's ctx proxy or the embedded one) is behind it.
 */
public interface OperationContext {

    /** The instance a node operation runs on; an error in a relationship operation. */
    NodeInstanceContext instance();

    /** The source instance of a relationship operation; an error in a node operation. */
    NodeInstanceContext source();

    /** The target instance of a relationship operation; an error in a node operation. */
    NodeInstanceContext target();

    String deploymentId();

    /** The operation's inputs, as Cloudify's script plugin hands them over. */
    OperationInputs inputs();

    /** Copies a blueprint resource to {@code target} and returns where it is. */
    Path downloadResource(String resourcePath, Path target);

    /** The operation's return value: a string, number, boolean, list or map. */
    void returns(Object value);
}
