package io.webappupgrade.manager;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a person gave on the command line to reach the manager; any field may be {@code null}
 * (not given). {@link ConnectionResolver} fills the gaps from the environment and a file.
 *
 * @param manager  {@code https://host[:port]}, {@code http://host[:port]} or {@code host[:port]} (https)
 * @param caBundle PEM file of certificate authorities to trust (https only)
 */
public record ConnectionOptions(String manager, String tenant, String username, String password, String token,
        Path caBundle, Duration connectTimeout, Duration readTimeout) {

    /** Nothing given: everything comes from the environment or the file. */
    public static ConnectionOptions none() {
        return new ConnectionOptions(null, null, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "ConnectionOptions[manager=" + manager + ", tenant=" + tenant + ", username=" + username
                + ", password=" + (password == null ? "null" : "(hidden)") + ", token="
                + (token == null ? "null" : "(hidden)") + ", caBundle=" + caBundle + "]";
    }
}
