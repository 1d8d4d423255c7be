package io.webappupgrade.manager;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the manager is and how to talk to it.
 *
 * @param apiUrl         the REST API root, for example {@code https://cfy.example.com/api/v3.1}
 * @param tenant         sent as the {@code Tenant} header on every request
 * @param credentials    basic or token; never shown by {@link #toString()}
 * @param caBundle       PEM file of the certificate authorities to trust instead of the system's
 *                       (https only); {@code null} for the system's
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param readTimeout    how long to wait for a reply
 */
public record ManagerConnection(URI apiUrl, String tenant, Credentials credentials, Path caBundle,
        Duration connectTimeout, Duration readTimeout) {

    public static final String API_PATH = "/api/v3.1";
    public static final String DEFAULT_TENANT = "default_tenant";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public ManagerConnection {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("the tenant is empty; expected a tenant name such as " + DEFAULT_TENANT);
        }
        String scheme = apiUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the manager's API URL must be http or https, not '" + scheme + "'");
        }
        if (apiUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the manager's API URL may not carry a user or password; use credentials");
        }
        if (caBundle != null && !"https".equals(scheme)) {
            throw new IllegalArgumentException("a CA bundle is given but the manager's address is plain http; "
                    + "use an https address or drop the CA bundle");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be greater than zero");
        }
    }

    /** A connection with the default timeouts and the system's certificate authorities. */
    public static ManagerConnection of(URI apiUrl, String tenant, Credentials credentials) {
        return new ManagerConnection(apiUrl, tenant, credentials, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public Optional<Path> caBundleFile() {
        return Optional.ofNullable(caBundle);
    }

    public ManagerConnection withTimeouts(Duration connect, Duration read) {
        return new ManagerConnection(apiUrl, tenant, credentials, caBundle, connect, read);
    }

    @Override
    public String toString() {
        return "ManagerConnection[" + apiUrl + ", tenant " + tenant + ", " + credentials.describe()
                + (caBundle == null ? "" : ", CA bundle " + caBundle) + "]";
    }
}
