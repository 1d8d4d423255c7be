package io.webappupgrade.deployment.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.manager.StubManagerExtension;
import io.webappupgrade.testing.AgentProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout --deployment} run as a CI pipeline runs it (the jar as a process) against a stub
 * manager, interrupted with Ctrl-C while the manager runs the unlink: the CLI cancels that
 * execution on the manager, puts the instance back with add_backend, and exits 4.
 */
class RestSignalIT {

    private static final String API = ShopManager.API;

    @TempDir
    Path work;

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private ShopManager shop;

    @BeforeEach
    void stubShop() {
        shop = new ShopManager(manager);
        shop.stubDeployment(ShopManager.BUILT_IN);
        shop.stubNodes(2);
        shop.stubInstances(List.of("1.0.0", "1.0.0"), null, null);
        shop.stubNoEarlierExecutions();
        // The unlink never ends by itself: only the cancel stops it.
        shop.stubExecution("ex-unlink", BackendOperations.REMOVE_BACKEND, "haproxy_1", "", List.of(), "started");
        manager.server().stubFor(post(urlPathEqualTo(API + "/executions/ex-unlink")).willReturn(ShopManager.json(200,
                ShopManager.execution("ex-unlink", "cancelling", "", BackendOperations.REMOVE_BACKEND, "haproxy_1"))));
        shop.stubExecution("ex-back", BackendOperations.ADD_BACKEND, "haproxy_1", "", List.of(), "started", "terminated");
    }

    private List<LoggedRequest> posts(String path) {
        return manager.loggedRequests().stream()
                .filter(r -> r.getMethod().getName().equals("POST") && r.getUrl().startsWith(API + path)).toList();
    }

    @Test
    void ctrlCCancelsTheManagersExecutionPutsTheInstanceBackAndExits4() {
        AgentProcess run = AgentProcess.start(Map.of("CLOUDIFY_PASSWORD", StubManager.PASSWORD,
                        "WEBAPP_UPGRADE_HOME", work.toString()),
                "rollout", "--deployment", ShopManager.DEPLOYMENT, "--manager", manager.apiUrl().toString(),
                "--tenant", StubManager.TENANT, "--username", StubManager.USER, "--version", "2.0.0",
                "--url", "https://releases.example.com/shop-2.0.0.tar.gz",
                "--reports-dir", work.resolve("reports").toString());
        try (run) {
            await().atMost(Duration.ofSeconds(60)).until(() -> manager.requests().stream()
                    .filter(r -> r.equals("GET " + API + "/executions/ex-unlink")).count() >= 2);

            run.signal("INT");
            int exit = run.waitFor(Duration.ofSeconds(60));

            assertThat(exit).as(run.output()).isEqualTo(4);
            List<LoggedRequest> cancels = posts("/executions/ex-unlink");
            assertThat(cancels).hasSize(1);
            assertThat(new String(cancels.get(0).getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"action\":\"cancel\"}");
            assertThat(posts("/executions").stream().map(r -> new String(r.getBody(), StandardCharsets.UTF_8)))
                    .anyMatch(b -> b.contains(BackendOperations.ADD_BACKEND) && b.contains("web_1"));
            assertThat(run.output()).contains("mode: one execute_operation execution per step per batch (deployment shop does not"
                            + " declare the workflow 'webapp_upgrade'")
                    .contains("SIGINT received: stopping the current step")
                    .contains("webapp_upgrade cancelled: interrupted (web_1 (run interrupted during unlink; put back in"
                            + " the load balancer))")
                    .doesNotContain(StubManager.PASSWORD);
        }
    }
}
