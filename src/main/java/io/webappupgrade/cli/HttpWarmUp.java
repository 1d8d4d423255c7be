package io.webappupgrade.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Makes one HTTP call through OkHttp to a throwaway listener on loopback, so that the first health
 * look of a rollout does not load and run the client's code cold (about 40 ms of a started app's
 * first health check). Nothing outside this process is contacted.
 */
final class HttpWarmUp {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] ANSWER = "ok".getBytes(StandardCharsets.US_ASCII);

    private HttpWarmUp() {
    }

    /** @return true when the call got its answer; false only means a cold first health look */
    static boolean warm() {
        HttpServer listener = null;
        OkHttpClient client = null;
        try {
            listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            listener.createContext("/", exchange -> {
                exchange.sendResponseHeaders(200, ANSWER.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ANSWER);
                }
            });
            listener.start();
            // cleartext only, as the health checks' client: no TLS set up that the run never uses
            client = new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                    .connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
            InetSocketAddress at = listener.getAddress();
            Request request = new Request.Builder()
                    .url("http://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/").get().build();
            try (Response response = client.newCall(request).execute()) {
                ResponseBody body = response.body();
                return response.isSuccessful() && body != null && "ok".equals(body.string());
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: a Java without the jdk.httpserver module
            return false;
        } finally {
            if (client != null) {
                client.connectionPool().evictAll();
                client.dispatcher().executorService().shutdown();
            }
            if (listener != null) {
                listener.stop(0);
            }
        }
    }
}
