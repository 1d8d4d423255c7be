package io.webappupgrade.ctx.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.json.JsonValues;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does when the proxy misbehaves: the cases the real HTTPCtxProxy (see
 * CtxProxyClientIT) never produces on purpose.
 */
class CtxProxyClientTest {

    private HttpServer server;
    private final List<String> bodies = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private CtxProxyClient answering(int status, String reply) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return CtxProxyClient.connect("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5),
                new JsonValues());
    }

    @Test
    void sendsTheArgsAsTheProtocolWantsAndReturnsThePayload() throws IOException {
        CtxProxyClient client = answering(200, "{\"type\":\"result\",\"payload\":{\"a\":[1,2.5,null,true]}}");
        Object result = client.call("instance", "runtime_properties", "update", Map.of("k", List.of(1)), Map.of());
        assertThat(bodies).containsExactly("{\"args\":[\"instance\",\"runtime_properties\",\"update\",{\"k\":[1]},{}]}");
        assertThat(result).isEqualTo(Map.of("a", java.util.Arrays.asList(1, 2.5, null, true)));
    }

    @Test
    void anErrorReplyBecomesATypedExceptionWithoutTheValuesWritten() throws IOException {
        CtxProxyClient client = answering(200,
                "{\"type\":\"error\",\"payload\":{\"type\":\"KeyError\",\"message\":\"'x'\",\"traceback\":\"Traceback...\"}}");
        assertThatThrownBy(() -> client.call("instance", "runtime_properties", "password", "s3cret-value"))
                .isInstanceOfSatisfying(CtxErrorReplyException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("KeyError");
                    assertThat(e.traceback()).isEqualTo("Traceback...");
                    assertThat(e.getMessage()).isEqualTo("ctx instance runtime_properties password ... failed: KeyError: 'x'")
                            .doesNotContain("s3cret-value");
                });
    }

    @Test
    void stopOperationEndsTheOperation() throws IOException {
        CtxProxyClient client = answering(200, "{\"type\":\"stop_operation\",\"payload\":{\"message\":\"aborted\"}}");
        assertThatThrownBy(() -> client.call("abort_operation", "x"))
                .isInstanceOf(OperationStoppedException.class).hasMessage("aborted");
    }

    @Test
    void aNonJsonOrUnexpectedAnswerIsReportedAsSuch() throws IOException {
        CtxProxyClient client = answering(200, "<html>oops</html>");
        assertThatThrownBy(() -> client.call("node", "id")).isInstanceOf(CtxProxyUnreachableException.class)
                .hasMessageContaining("ctx node id");
        server.stop(0);
        CtxProxyClient http500 = answering(500, "");
        assertThatThrownBy(() -> http500.call("node", "id")).isInstanceOf(CtxProxyUnreachableException.class)
                .hasMessageContaining("answered HTTP 500");
        server.stop(0);
        CtxProxyClient unknown = answering(200, "{\"type\":\"surprise\"}");
        assertThatThrownBy(() -> unknown.call("node", "id")).hasMessageContaining("unknown reply type 'surprise'");
    }

    @Test
    void aProxyThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5000);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            CtxProxyClient client = CtxProxyClient.connect("http://127.0.0.1:" + silent.getLocalPort(),
                    Duration.ofMillis(300), new JsonValues());
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.call("node", "id")).isInstanceOf(CtxProxyUnreachableException.class)
                    .hasMessageContaining("no answer from the proxy");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void refusesASocketUrlThatIsNotHttp() {
        assertThatThrownBy(() -> CtxProxyClient.connect("/tmp/ctx.socket", Duration.ofSeconds(1), new JsonValues()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CTX_SOCKET_URL '/tmp/ctx.socket' is not an http:// URL");
    }
}
