package io.webappupgrade.ctx.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
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
    private final ObjectMapper json;

    public CtxProxyClient(HttpUrl url, OkHttpClient http, ObjectMapper json) {
        this.url = url;
        this.http = http;
        this.json = json;
    }

    /** A client for {@code socketUrl} with the given timeout for each call. */
    public static CtxProxyClient connect(String socketUrl, Duration callTimeout, ObjectMapper json) {
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
                .build();
        return new CtxProxyClient(url, http, json);
    }

    /**
     * Makes one call. Arguments are JSON-shaped values (strings, numbers, booleans, lists, maps);
     * a trailing map is taken by Cloudify as keyword arguments.
     *
     * @return the result payload ({@code null} JSON when the call returned nothing)
     * @throws CtxErrorReplyException when Cloudify reports an error
     * @throws OperationStoppedException when Cloudify says the operation is stopped
     * @throws CtxProxyUnreachableException when the proxy does not answer properly
     */
    public JsonNode call(Object... args) {
        return call(List.of(args), null);
    }

    /** {@link #call(Object...)} with a longer timeout, for calls that move data (downloads). */
    public JsonNode callWithTimeout(Duration timeout, Object... args) {
        return call(List.of(args), timeout);
    }

    private JsonNode call(List<Object> args, Duration timeout) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("args");
        args.forEach(a -> list.add(json.valueToTree(a)));
        String described = describe(args);
        Request request = new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON)).build();
        OkHttpClient client = timeout == null ? http
                : http.newBuilder().readTimeout(timeout).callTimeout(timeout).build();
        JsonNode reply;
        try (Response response = client.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (!response.isSuccessful()) {
                throw new CtxProxyUnreachableException("ctx " + described + ": proxy at " + url
                        + " answered HTTP " + response.code(), null);
            }
            reply = json.readTree(text);
        } catch (IOException e) {
            throw new CtxProxyUnreachableException("ctx " + described + ": no answer from the proxy at " + url
                    + " (" + e.getMessage() + ")", e);
        }
        if (reply == null || !reply.isObject()) {
            throw new CtxProxyUnreachableException("ctx " + described + ": the proxy's answer is not a JSON object", null);
        }
        String type = reply.path("type").asText();
        JsonNode payload = reply.path("payload");
        switch (type) {
            case "result":
                return payload.isMissingNode() ? json.nullNode() : payload;
            case "error":
                throw new CtxErrorReplyException(described, payload.path("type").asText("Error"),
                        payload.path("message").asText(), payload.path("traceback").asText(""));
            case "stop_operation":
                throw new OperationStoppedException(payload.path("message").asText("operation stopped"));
            default:
                throw new CtxProxyUnreachableException("ctx " + described + ": unknown reply type '" + type + "'", null);
        }
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
