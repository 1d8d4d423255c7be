package io.webappupgrade.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.manager.StubManagerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in manager mode, as a CI pipeline runs it, against a stub of the manager's REST
 * API with Cloudify's reply shapes: the password comes from the environment and never shows.
 */
class ManagerModeCliTest {

    private static final String API = "/api/v3.1";

    @TempDir
    Path work;

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void shop() {
        List<Map<String, Object>> nodes = List.of(CloudifyReplies.haproxyNode("haproxy", "shop"),
                CloudifyReplies.webappNode("web", "shop", "haproxy", 2));
        List<Map<String, Object>> instances = new ArrayList<>();
        instances.add(CloudifyReplies.instance("haproxy_1", "haproxy", "shop",
                Map.of("backends", Map.of("web_1", Map.of("address", "127.0.0.1", "port", 8001, "enabled", true))), 1));
        instances.add(CloudifyReplies.webappInstance("web_1", "web", "shop", "2.0.0", 8001, "haproxy_1", "haproxy", 1));
        instances.add(CloudifyReplies.webappInstance("web_2", "web", "shop", "1.0.0", 8002, "haproxy_1", "haproxy", 1));
        manager.server().stubFor(get(urlPathEqualTo(API + "/nodes")).willReturn(json(CloudifyReplies.page(nodes, 0, 1000))));
        manager.server().stubFor(get(urlPathEqualTo(API + "/node-instances"))
                .willReturn(json(CloudifyReplies.page(instances, 0, 1000))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private int run(String... args) {
        Map<String, String> env = Map.of("CLOUDIFY_PASSWORD", StubManager.PASSWORD,
                "WEBAPP_UPGRADE_HOME", work.toString(), "PATH", System.getenv("PATH"));
        return new Cli("test", AgentOperations.registry("test"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false).run(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusShowsVersionsAndWhoIsOutOfTheLoadBalancer() {
        int code = run("status", "--deployment", "shop", "--manager", manager.apiUrl().toString(),
                "--tenant", StubManager.TENANT, "--username", StubManager.USER);
        assertThat(code).as(output()).isEqualTo(3);
        assertThat(output()).containsPattern("web_1 +2\\.0\\.0 .*haproxy_1 IN")
                .containsPattern("web_2 +1\\.0\\.0 .*haproxy_1 OUT");
        manager.loggedRequests().forEach(r -> {
            assertThat(r.getHeader("Tenant")).isEqualTo(StubManager.TENANT);
            assertThat(r.getHeader("Authorization")).isEqualTo(StubManager.BASIC);
        });
        assertThat(output()).doesNotContain(StubManager.PASSWORD).doesNotContain(StubManager.BASIC.substring(6));
    }

    @Test
    void aDryRunShowsThePlanAndStartsNothing() {
        int code = run("rollout", "--deployment", "shop", "--manager", manager.apiUrl().toString(),
                "--tenant", StubManager.TENANT, "--username", StubManager.USER, "--version", "2.0.0",
                "--url", "https://releases.example.com/shop-2.0.0.tar.gz", "--dry-run",
                "--reports-dir", work.resolve("reports").toString());
        assertThat(code).as(output()).isZero();
        assertThat(output()).contains("plan: upgrade to 2.0.0").contains("skip web_1");
        assertThat(manager.requests()).noneMatch(r -> r.startsWith("POST"));
        assertThat(output()).doesNotContain(StubManager.PASSWORD);
    }

    @Test
    void badParametersAreRefusedBeforeAnyRequest() {
        int code = run("rollout", "--deployment", "shop", "--manager", manager.apiUrl().toString(),
                "--username", StubManager.USER, "--version", "2.0.0", "--url", "https://x/y.tgz", "--percentage", "150");
        assertThat(code).isEqualTo(2);
        assertThat(output()).contains("percentage").contains("nothing was run");
        assertThat(manager.requests()).noneMatch(r -> r.startsWith("POST"));
    }
}
