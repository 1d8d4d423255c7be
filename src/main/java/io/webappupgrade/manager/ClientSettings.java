package io.webappupgrade.manager;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the client behaves, apart from where the manager is.
 *
 * @param pageSize {@code _size} of each page of a listing (Cloudify caps it at 1000)
 * @param retries  how reads and polls are retried
 * @param log      where request lines go (debug) and retries are told (warn)
 */
public record ClientSettings(int pageSize, RetryPolicy retries, Logger log) {

    public ClientSettings {
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(log, "log");
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("page size must be 1..1000, not " + pageSize);
        }
    }

    public static ClientSettings standard() {
        return new ClientSettings(1000, RetryPolicy.standard(), LoggerFactory.getLogger(ManagerClient.class));
    }

    public ClientSettings withPageSize(int size) {
        return new ClientSettings(size, retries, log);
    }

    public ClientSettings withRetries(RetryPolicy policy) {
        return new ClientSettings(pageSize, policy, log);
    }

    public ClientSettings withLog(Logger logger) {
        return new ClientSettings(pageSize, retries, logger);
    }
}
