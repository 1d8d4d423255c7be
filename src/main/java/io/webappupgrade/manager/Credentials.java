package io.webappupgrade.manager;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How the client proves who it is to the manager: a user name and password (HTTP basic) or an
 * API token. The secret leaves this object only as a request header: {@link #toString()} and
 * {@link #describe()} never show it.
 */
public final class Credentials {

    private final String username;
    private final String secret;

    private Credentials(String username, String secret) {
        this.username = username;
        this.secret = secret;
    }

    /** HTTP basic authentication. */
    public static Credentials basic(String username, String password) {
        requireText(username, "username");
        requireText(password, "password");
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a manager username may not contain ':' (HTTP basic authentication)");
        }
        return new Credentials(username, password);
    }

    /** Cloudify's {@code Authentication-Token}. */
    public static Credentials token(String token) {
        requireText(token, "token");
        return new Credentials(null, token);
    }

    public boolean isToken() {
        return username == null;
    }

    /** For people: the kind of credentials and the user, never the secret. */
    public String describe() {
        return isToken() ? "token (hidden)" : "user '" + username + "' with password (hidden)";
    }

    @Override
    public String toString() {
        return "Credentials[" + describe() + "]";
    }

    /** The header name carrying the secret. */
    String headerName() {
        return isToken() ? "Authentication-Token" : "Authorization";
    }

    /** The header value carrying the secret: only for the request itself. */
    String headerValue() {
        if (isToken()) {
            return secret;
        }
        byte[] pair = (username + ":" + secret).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    /** The secret, so that callers can check that no text of theirs contains it. */
    String secret() {
        return secret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && Objects.equals(username, c.username) && secret.equals(c.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, secret);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the manager " + what + " is empty; expected a non-empty value");
        }
    }
}
