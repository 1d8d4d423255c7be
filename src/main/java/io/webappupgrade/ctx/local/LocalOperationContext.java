package io.webappupgrade.ctx.local;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.OperationContext;
import io.webappupgrade.ctx.OperationInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation context held in memory, for the embedded mode and for tests: one per operation
 * run, over node instances that live as long as the caller keeps them. Like Cloudify, a node
 * operation has an instance and no source/target, a relationship operation the reverse.
 */
public final class LocalOperationContext implements OperationContext {

    private final String deploymentId;
    private final NodeInstanceContext instance;
    private final NodeInstanceContext source;
    private final NodeInstanceContext target;
    private final OperationInputs inputs;
    private final Path resourceRoot;
    private Object returned;
    private boolean hasReturned;

    private LocalOperationContext(Builder b) {
        this.deploymentId = b.deploymentId;
        this.instance = b.instance;
        this.source = b.source;
        this.target = b.target;
        this.inputs = OperationInputs.of(JsonCopies.copyMap("operation inputs", b.inputs));
        this.resourceRoot = b.resourceRoot;
    }

    /** A node operation on {@code instance} with {@code inputs}. */
    public static LocalOperationContext forNode(NodeInstanceContext instance, Map<String, ?> inputs) {
        return builder().instance(instance).inputs(inputs).build();
    }

    /** A relationship operation from {@code source} to {@code target} with {@code inputs}. */
    public static LocalOperationContext forRelationship(NodeInstanceContext source, NodeInstanceContext target,
            Map<String, ?> inputs) {
        return builder().relationship(source, target).inputs(inputs).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NodeInstanceContext instance() {
        if (instance == null) {
            throw new IllegalStateException("this is a relationship operation: use source() or target(), not instance()");
        }
        return instance;
    }

    @Override
    public NodeInstanceContext source() {
        return relationshipEnd(source, "source");
    }

    @Override
    public NodeInstanceContext target() {
        return relationshipEnd(target, "target");
    }

    private NodeInstanceContext relationshipEnd(NodeInstanceContext end, String name) {
        if (end == null) {
            throw new IllegalStateException("this is a node operation: use instance(), not " + name + "()");
        }
        return end;
    }

    @Override
    public String deploymentId() {
        return deploymentId;
    }

    @Override
    public OperationInputs inputs() {
        return inputs;
    }

    @Override
    public Path downloadResource(String resourcePath, Path targetPath) {
        if (resourceRoot == null) {
            throw new IllegalStateException("no resource directory was given to this context, so '"
                    + resourcePath + "' cannot be found");
        }
        Path root = resourceRoot.toAbsolutePath().normalize();
        Path file = root.resolve(resourcePath).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("resource '" + resourcePath + "' is not a file under the resource directory");
        }
        try {
            Path parent = targetPath.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(file, targetPath, StandardCopyOption.REPLACE_EXISTING);
            return targetPath;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy resource '" + resourcePath + "'", e);
        }
    }

    @Override
    public synchronized void returns(Object value) {
        this.returned = JsonCopies.copy("return value", value);
        this.hasReturned = true;
    }

    /** What the operation returned, if it returned anything. */
    public synchronized Optional<Object> returned() {
        return hasReturned ? Optional.ofNullable(returned) : Optional.empty();
    }

    /** Builds a context; give either an instance or a source and target. */
    public static final class Builder {
        private String deploymentId = "local";
        private NodeInstanceContext instance;
        private NodeInstanceContext source;
        private NodeInstanceContext target;
        private Map<String, ?> inputs = Map.of();
        private Path resourceRoot;

        private Builder() {
        }

        public Builder deploymentId(String deploymentId) {
            this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
            return this;
        }

        public Builder instance(NodeInstanceContext instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
            return this;
        }

        public Builder relationship(NodeInstanceContext source, NodeInstanceContext target) {
            this.source = Objects.requireNonNull(source, "source");
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        public Builder inputs(Map<String, ?> inputs) {
            this.inputs = Objects.requireNonNull(inputs, "inputs");
            return this;
        }

        /** The directory blueprint resources are copied from by {@code downloadResource}. */
        public Builder resources(Path resourceRoot) {
            this.resourceRoot = Objects.requireNonNull(resourceRoot, "resourceRoot");
            return this;
        }

        public LocalOperationContext build() {
            if ((instance == null) == (source == null)) {
                throw new IllegalStateException("give either an instance (node operation)"
                        + " or a source and target (relationship operation), not both or neither");
            }
            return new LocalOperationContext(this);
        }
    }
}
