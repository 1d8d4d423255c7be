package io.webappupgrade.ctx.proxy;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.OperationContext;
import io.webappupgrade.ctx.OperationInputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The operation context served by Cloudify's ctx proxy (the script plugin's CTX_SOCKET_URL). */
public final class ProxyOperationContext implements OperationContext {

    /** Downloads move data, so they get longer than an ordinary call. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(15);

    private final CtxProxyClient client;
    private final boolean relationship;
    private final OperationInputs inputs;
    private NodeInstanceContext instance;
    private NodeInstanceContext source;
    private NodeInstanceContext target;

    /**
     * @param relationship whether this is a relationship operation (which has a source and a
     *     target) rather than a node operation (which has an instance)
     */
    public ProxyOperationContext(CtxProxyClient client, boolean relationship, OperationInputs inputs) {
        this.client = client;
        this.relationship = relationship;
        this.inputs = inputs;
    }

    @Override
    public NodeInstanceContext instance() {
        if (relationship) {
            throw new IllegalStateException("a relationship operation has no instance of its own: use source() or target()");
        }
        if (instance == null) {
            instance = new ProxyNodeInstance(client, List.of("node"), List.of("instance"));
        }
        return instance;
    }

    @Override
    public NodeInstanceContext source() {
        requireRelationship("source");
        if (source == null) {
            source = new ProxyNodeInstance(client, List.of("source", "node"), List.of("source", "instance"));
        }
        return source;
    }

    @Override
    public NodeInstanceContext target() {
        requireRelationship("target");
        if (target == null) {
            target = new ProxyNodeInstance(client, List.of("target", "node"), List.of("target", "instance"));
        }
        return target;
    }

    private void requireRelationship(String side) {
        if (!relationship) {
            throw new IllegalStateException("a node operation has no " + side + ": use instance()");
        }
    }

    @Override
    public String deploymentId() {
        return String.valueOf(client.call("deployment", "id"));
    }

    @Override
    public OperationInputs inputs() {
        return inputs;
    }

    @Override
    public Path downloadResource(String resourcePath, Path target) {
        Object path = client.callWithTimeout(DOWNLOAD_TIMEOUT, "download_resource", resourcePath,
                Map.of("target_path", target.toString()));
        return path == null ? target : Path.of(path.toString());
    }

    @Override
    public void returns(Object value) {
        // A trailing mapping would be taken as keyword arguments: an empty one after it keeps it a value.
        if (value instanceof Map) {
            client.call("returns", value, Map.of());
        } else {
            client.call("returns", value);
        }
    }

    /**
     * Records that the operation failed for good. Cloudify answers with {@code stop_operation};
     * the caller must end the process.
     */
    public void abort(String message) {
        stopWith("abort_operation", message);
    }

    /** Asks Cloudify to run the operation again after {@code after}; the caller must then end the process. */
    public void retry(String message, Duration after) {
        stopWith("retry_operation", message, Math.max(1, after.toSeconds()));
    }

    private void stopWith(Object... args) {
        try {
            client.call(args);
        } catch (OperationStoppedException expected) {
            // the answer Cloudify gives once it has recorded the outcome
        }
    }
}
