package io.webappupgrade.manager;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/** A WireMock server on loopback standing in for the manager's REST API, and what it saw. */
public final class StubManager implements AutoCloseable {

    public static final String USER = "admin";
    public static final String PASSWORD = "s3cret-Pa55word!";
    public static final String TENANT = "acme";
    /** What {@code Authorization} must carry for USER/PASSWORD. */
    public static final String BASIC = "Basic YWRtaW46czNjcmV0LVBhNTV3b3JkIQ==";

    private final WireMockServer server;

    public StubManager() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/api/v3.1");
    }

    public ManagerConnection connection() {
        return new ManagerConnection(apiUrl(), TENANT, Credentials.basic(USER, PASSWORD), null, Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    /** Quick retries so that tests of retrying stay fast. */
    public static ClientSettings settings(int pageSize, Logger log) {
        return new ClientSettings(pageSize, new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20)), log);
    }

    public ManagerClient client(int pageSize, Logger log) {
        return new ManagerClient(connection(), settings(pageSize, log));
    }

    /** The requests seen, oldest first, each as "METHOD /path?decoded-query". */
    public List<String> requests() {
        return loggedRequests().stream().map(StubManager::line).toList();
    }

    /** The requests seen, oldest first (WireMock lists them newest first). */
    public List<LoggedRequest> loggedRequests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest).toList();
    }

    public static String line(LoggedRequest r) {
        return r.getMethod().getName() + " " + URLDecoder.decode(r.getUrl(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop();
    }
}
