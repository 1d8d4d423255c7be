package io.webappupgrade.ctx.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.json.JsonValues;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A runtime property written at once through the ctx proxy meets version conflicts the way
 * concurrent unlinks on one load balancer make them: it reads the instance again and stores a
 * value computed anew.
 */
class ProxyRuntimePropertiesConflictTest {

    private HttpServer server;
    private final List<String> bodies = new ArrayList<>();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers the first {@code conflicts} updates with {@code conflict}, everything else with a null result. */
    private ProxyNodeInstance target(int conflicts, String conflict) throws IOException {
        AtomicInteger updates = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            String reply = body.equals("{\"args\":[\"target\",\"instance\",\"update\"]}")
                    && updates.incrementAndGet() <= conflicts ? conflict : "{\"type\":\"result\",\"payload\":null}";
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        CtxProxyClient client = CtxProxyClient.connect("http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(5), new JsonValues());
        return new ProxyNodeInstance(client, List.of("target", "node"), List.of("target", "instance"));
    }

    private static String error(String type, String message) {
        return "{\"type\":\"error\",\"payload\":{\"type\":\"" + type + "\",\"message\":\"" + message
                + "\",\"traceback\":\"\"}}";
    }

    @Test
    void aManagers409IsMetByReadingAgainAndStoringAFreshValue() throws IOException {
        ProxyNodeInstance haproxy = target(2, error("CloudifyClientError",
                "409: Node instance update conflict [current version=65, update version=64]"));
        AtomicInteger computed = new AtomicInteger();

        haproxy.runtimeProperties().putAndPersist("backends", () -> "v" + computed.incrementAndGet());

        assertThat(bodies).containsExactly(
                "{\"args\":[\"target\",\"instance\",\"runtime_properties\",\"update\",{\"backends\":\"v1\"},{}]}",
                "{\"args\":[\"target\",\"instance\",\"update\"]}",
                "{\"args\":[\"target\",\"instance\",\"refresh\",{\"force\":true}]}",
                "{\"args\":[\"target\",\"instance\",\"runtime_properties\",\"update\",{\"backends\":\"v2\"},{}]}",
                "{\"args\":[\"target\",\"instance\",\"update\"]}",
                "{\"args\":[\"target\",\"instance\",\"refresh\",{\"force\":true}]}",
                "{\"args\":[\"target\",\"instance\",\"runtime_properties\",\"update\",{\"backends\":\"v3\"},{}]}",
                "{\"args\":[\"target\",\"instance\",\"update\"]}");
    }

    @Test
    void localModesStorageConflictIsMetTheSameWay() throws IOException {
        ProxyNodeInstance haproxy = target(1, error("StorageConflictError",
                "version 3 does not match current version of nodeinstance haproxy_1 which is 4"));

        haproxy.runtimeProperties().putAndPersist("backends", () -> "fresh");

        assertThat(bodies).filteredOn(b -> b.contains("refresh")).hasSize(1);
        assertThat(bodies.get(bodies.size() - 1)).isEqualTo("{\"args\":[\"target\",\"instance\",\"update\"]}");
    }

    @Test
    void anotherErrorIsNotRetried() throws IOException {
        ProxyNodeInstance haproxy = target(1, error("CloudifyClientError", "401: invalid Execution Token"));

        assertThatThrownBy(() -> haproxy.runtimeProperties().putAndPersist("backends", () -> "x"))
                .isInstanceOf(CtxErrorReplyException.class).hasMessageContaining("invalid Execution Token");
        assertThat(bodies).noneMatch(b -> b.contains("refresh"));
    }

    @Test
    void aConflictThatNeverEndsIsReportedAfterTheLastTry() throws IOException {
        ProxyNodeInstance haproxy = target(100, error("StorageConflictError", "version 3 does not match current version"));

        assertThatThrownBy(() -> haproxy.runtimeProperties().putAndPersist("backends", () -> "x"))
                .isInstanceOf(CtxErrorReplyException.class).hasMessageContaining("does not match current version");
        assertThat(bodies).filteredOn(b -> b.endsWith("\"update\"]}")).hasSize(8);
    }
}
