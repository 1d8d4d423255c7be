package io.webappupgrade.ctx.proxy;

import io.webappupgrade.json.JsonValues;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Speaks Cloudify's ctx proxy protocol: {@code POST <CTX_SOCKET_URL>/} with
 * {@code {"args": [...]}}, answered by {@code result}, {@code error} or {@code stop_operation}.
 * The proxy serves one request at a time, so calls are made one after the other.
 */
public final class CtxProxyClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl url;
    private final OkHttpClient http;
    private final JsonValues json;

    public CtxProxyClient(HttpUrl url, OkHttpClient http, JsonValues json) {
        this.url = url;
        this.http = http;
        this.json = json;
    }

    /** A client for {@code socketUrl} with the given timeout for each call. */
    public static CtxProxyClient connect(String socketUrl, Duration callTimeout, JsonValues json) {
        HttpUrl url = HttpUrl.parse(socketUrl);
        if (url == null) {
            throw new IllegalArgumentException("CTX_SOCKET_URL '" + socketUrl
                    + "' is not an http:// URL; the agent must be run by Cloudify's script plugin"
                    + " with ctx_proxy_type http (the default)");
        }
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(callTimeout)
                .callTimeout(callTimeout)
                .retryOnConnectionFailure(false)
                // The proxy is plain HTTP on localhost; leaving TLS out spares every operation
                // the start-up cost of initialising it.
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .build();
        return new CtxProxyClient(url, http, json);
    }

    /**
     * Makes one call. Arguments are JSON-shaped values (strings, numbers, booleans, lists, maps);
     * a trailing map is taken by Cloudify as keyword arguments.
     *
     * @return the result payload as plain Java values (Map, List, String, Number, Boolean, or null)
     * @throws CtxErrorReplyException when Cloudify reports an error
     * @throws OperationStoppedException when Cloudify says the operation is stopped
     * @throws CtxProxyUnreachableException when the proxy does not answer properly
     */
    public Object call(Object... args) {
        return call(List.of(args), null);
    }

    /** {@link #call(Object...)} with a longer timeout, for calls that move data (downloads). */
    public Object callWithTimeout(Duration timeout, Object... args) {
        return call(List.of(args), timeout);
    }

    private Object call(List<Object> args, Duration timeout) {
        String described = describe(args);
        Request request = new Request.Builder().url(url)
                .post(RequestBody.create(json.write(Map.of("args", args)), JSON)).build();
        OkHttpClient client = timeout == null ? http
                : http.newBuilder().readTimeout(timeout).callTimeout(timeout).build();
        Object reply;
        try (Response response = client.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (!response.isSuccessful()) {
                throw new CtxProxyUnreachableException("ctx " + described + ": proxy at " + url
                        + " answered HTTP " + response.code(), null);
            }
            reply = json.read(text);
        } catch (IOException e) {
            throw new CtxProxyUnreachableException("ctx " + described + ": no answer from the proxy at " + url
                    + " (" + e.getMessage() + ")", e);
        }
        if (!(reply instanceof Map<?, ?> answer)) {
            throw new CtxProxyUnreachableException("ctx " + described + ": the proxy's answer is not a JSON object", null);
        }
        Object type = answer.get("type");
        Object payload = answer.get("payload");
        Map<?, ?> details = payload instanceof Map<?, ?> m ? m : Map.of();
        if ("result".equals(type)) {
            return payload;
        }
        if ("error".equals(type)) {
            throw new CtxErrorReplyException(described, text(details.get("type"), "Error"),
                    text(details.get("message"), ""), text(details.get("traceback"), ""));
        }
        if ("stop_operation".equals(type)) {
            throw new OperationStoppedException(text(details.get("message"), "operation stopped"));
        }
        throw new CtxProxyUnreachableException("ctx " + described + ": unknown reply type '" + type + "'", null);
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }

    /**
     * Names the call in messages by its first three words only: later arguments are values,
     * which may hold secrets.
     */
    private static String describe(List<Object> args) {
        String head = args.stream()
                .limit(3)
                .map(a -> a instanceof String s && s.matches("[A-Za-z0-9_.\\[\\]-]{1,64}") ? s : "<value>")
                .collect(Collectors.joining(" "));
        return args.size() > 3 ? head + " ..." : head;
    }
}
