package io.webappupgrade.deployment;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment ready for a command: the port, the run's parameters, where its state (journal,
 * summaries) lives and what to close when done. Each runtime has one opener that makes it, so the
 * parameters flow one way: entry, parameters, engine, port.
 *
 * @param deployment the adapter; its type is kept for commands that need more than the port
 * @param parameters the run's parameters as the entry received them (empty when the command runs none)
 * @param stateDir   the folder the journal and summaries go under
 * @param resources  closed with this record: a lock, a connection, or nothing
 */
public record OpenedDeployment<D extends Deployment>(D deployment, Map<String, Object> parameters, Path stateDir,
        AutoCloseable resources) implements AutoCloseable {

    public OpenedDeployment {
        Objects.requireNonNull(deployment, "deployment");
        // Kept in the entry's order, and null values kept: a workflow passes unset parameters as null.
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Objects.requireNonNull(resources, "resources");
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
