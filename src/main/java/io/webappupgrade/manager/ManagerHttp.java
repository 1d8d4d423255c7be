package io.webappupgrade.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;

/**
 * The HTTP side of the client: headers, TLS, timeouts, retries and error replies. Reads are
 * retried on failures that may pass; a request that changes something is retried only when it
 * certainly never reached the manager, and otherwise reported as {@link OutcomeUnknownException}
 * so that the caller looks it up.
 */
final class ManagerHttp implements AutoCloseable {

    /** Exactly this, no charset: some manager versions answer 415 to anything else. */
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final HttpUrl api;
    private final ManagerConnection connection;
    private final RetryPolicy retries;
    private final Logger log;
    private final ObjectMapper json;
    private final ErrorReplies errors;

    ManagerHttp(ManagerConnection connection, ClientSettings settings, ObjectMapper json) {
        this.connection = connection;
        this.retries = settings.retries();
        this.log = settings.log();
        this.json = json;
        this.errors = new ErrorReplies(json, connection.tenant());
        this.api = HttpUrl.get(connection.apiUrl().toString());
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connection.connectTimeout())
                .readTimeout(connection.readTimeout())
                .writeTimeout(connection.readTimeout())
                // OkHttp would otherwise resend a request on a failed pooled connection, a POST included.
                .retryOnConnectionFailure(false)
                .followRedirects(false);
        connection.caBundleFile().ifPresent(bundle -> {
            TrustedCertificates trusted = TrustedCertificates.fromPem(bundle);
            builder.sslSocketFactory(trusted.context().getSocketFactory(), trusted.trustManager());
        });
        this.http = builder.build();
    }

    HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = api.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    /** GET, retried per the policy. */
    JsonNode get(HttpUrl url) {
        return idempotent("GET", url, null);
    }

    /** A request that changes something but may safely be repeated (cancelling an execution). */
    JsonNode repeatable(String method, HttpUrl url, Object body) {
        return idempotent(method, url, body);
    }

    /** A request that changes something: sent again only if it certainly never arrived. */
    JsonNode change(String method, HttpUrl url, Object body) {
        String what = method + " " + path(url);
        for (int attempt = 1; ; attempt++) {
            HttpReply reply;
            try {
                reply = exchange(method, url, body);
            } catch (IOException e) {
                if (neverSent(e) && attempt < retries.attempts()) {
                    retryLater(what, describe(e), attempt);
                    continue;
                }
                if (neverSent(e) || isTlsFailure(e)) {
                    throw unreachable(what, e, attempt);
                }
                throw new OutcomeUnknownException(what + ": " + describe(e)
                        + "; the manager may or may not have applied it", e);
            }
            if (reply.isSuccess()) {
                return parse(reply, what);
            }
            if (reply.isTransient() && errors.envelope(reply) == null) {
                // A gateway's page, not the manager's refusal: the request may have been forwarded.
                throw new OutcomeUnknownException(what + ": HTTP " + reply.status()
                        + " from a gateway; the manager may or may not have applied it", null);
            }
            throw errors.toException(reply, what);
        }
    }

    private JsonNode idempotent(String method, HttpUrl url, Object body) {
        String what = method + " " + path(url);
        HttpReply lastReply = null;
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            try {
                HttpReply reply = exchange(method, url, body);
                if (reply.isSuccess()) {
                    return parse(reply, what);
                }
                if (!reply.isTransient()) {
                    throw errors.toException(reply, what);
                }
                lastReply = reply;
                lastFailure = null;
            } catch (IOException e) {
                if (isTlsFailure(e)) {
                    throw unreachable(what, e, attempt);
                }
                lastFailure = e;
                lastReply = null;
            }
            if (attempt < retries.attempts()) {
                retryLater(what, lastReply != null ? "HTTP " + lastReply.status() : describe(lastFailure), attempt);
            }
        }
        if (lastReply != null) {
            ManagerException e = errors.toException(lastReply, what);
            log.warn("{} still answered {} after {} tries", what, lastReply.status(), retries.attempts());
            throw e;
        }
        throw unreachable(what, lastFailure, retries.attempts());
    }

    private HttpReply exchange(String method, HttpUrl url, Object body) throws IOException {
        Request.Builder request = new Request.Builder()
                .url(url)
                .header("Tenant", connection.tenant())
                .header(connection.credentials().headerName(), connection.credentials().headerValue())
                .header("Accept", "application/json")
                .header("User-Agent", "webapp-upgrade");
        request.method(method, body == null ? null : RequestBody.create(bytes(body), JSON));
        long start = System.nanoTime();
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            String type = response.header("Content-Type", "");
            log.debug("{} {} -> {} in {} ms", method, path(url), response.code(), (System.nanoTime() - start) / 1_000_000);
            return new HttpReply(response.code(), type == null ? "" : type, text);
        }
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a request body could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode parse(HttpReply reply, String what) {
        if (!reply.looksLikeJson()) {
            throw errors.toException(reply, what);
        }
        try {
            return json.readTree(reply.body());
        } catch (IOException e) {
            throw new ServerErrorException(what + ": HTTP " + reply.status() + " with a body that is not valid JSON",
                    reply.status(), "");
        }
    }

    private void retryLater(String what, String why, int attempt) {
        Duration wait = retries.backoffAfter(attempt);
        log.warn("{} failed ({}); trying again in {} ms (try {} of {})", what, why, wait.toMillis(), attempt + 1,
                retries.attempts());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerUnreachableException(what + ": interrupted while waiting to try again after " + why, e);
        }
    }

    private ManagerUnreachableException unreachable(String what, IOException e, int tries) {
        String text = what + ": " + describe(e);
        if (e instanceof SSLPeerUnverifiedException) {
            text += "; the manager's certificate does not name the host " + api.host();
        } else if (e instanceof SSLHandshakeException) {
            text += "; the manager's certificate is not trusted: give the CA bundle that signed it"
                    + " (--ca-bundle or CLOUDIFY_SSL_CERT)";
        } else if (tries > 1) {
            text += " (after " + tries + " tries)";
        }
        return new ManagerUnreachableException(text + "; manager " + api.scheme() + "://" + api.host() + ":" + api.port(), e);
    }

    /** Failures where the request certainly did not reach the manager. */
    private static boolean neverSent(IOException e) {
        return e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
    }

    private static boolean isTlsFailure(IOException e) {
        return e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String path(HttpUrl url) {
        String query = url.encodedQuery();
        return url.encodedPath() + (query == null ? "" : "?" + query);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
