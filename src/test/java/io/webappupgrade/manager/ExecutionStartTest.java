package io.webappupgrade.manager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.webappupgrade.manager.CloudifyReplies.execution;
import static io.webappupgrade.manager.CloudifyReplies.page;
import static io.webappupgrade.manager.CloudifyReplies.storedParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExecutionStartTest {

    private static final String EXECUTIONS = "/api/v3.1/executions";
    private static final String WATERMARK_READ =
            "GET /api/v3.1/executions?deployment_id=shop&_include=id,created_at&_sort=-created_at&_size=1";
    private static final String LOOKUP =
            "GET /api/v3.1/executions?deployment_id=shop&workflow_id=execute_operation&_sort=-created_at&_size=10";
    private static final String BODY = "{\"deployment_id\":\"shop\",\"workflow_id\":\"execute_operation\",\"parameters\":"
            + "{\"operation\":\"webapp_upgrade.upgrade\",\"operation_kwargs\":{\"version\":\"2.0\"},"
            + "\"allow_kwargs_override\":true,\"node_instance_ids\":[\"web_1\"]}}";

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final CapturingLogger log = stub.log();
    private final ManagerClient client = stub.client();

    private static Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("operation", "webapp_upgrade.upgrade");
        p.put("operation_kwargs", Map.of("version", "2.0"));
        p.put("allow_kwargs_override", true);
        p.put("node_instance_ids", List.of("web_1"));
        return p;
    }

    private static Map<String, Object> upgradeWeb1(String id, String status, String createdAt) {
        return execution(id, "shop", status, "", createdAt,
                storedParameters("webapp_upgrade.upgrade", Map.of("version", "2.0"), "web_1"));
    }

    private void stubNewest(Map<String, Object> newest) {
        manager.server().stubFor(get(urlPathEqualTo(EXECUTIONS)).withQueryParam("_size", equalTo("1"))
                .willReturn(json(200, page(List.of(Map.of("id", newest.get("id"), "created_at", newest.get("created_at"))), 0, 1))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void postsExactlyTheExecutionAsJsonAndReturnsTheCreatedExecution() throws Exception {
        stubNewest(upgradeWeb1("older", "terminated", "2026-03-01T09:00:00.000Z"));
        manager.server().stubFor(post(urlPathEqualTo(EXECUTIONS)).willReturn(json(201,
                CloudifyReplies.json(upgradeWeb1("ex-1", "pending", "2026-03-01T10:00:00.000Z")))));

        Execution started = client.startExecution("shop", "execute_operation", parameters());

        assertThat(started.id()).isEqualTo("ex-1");
        assertThat(started.status()).isEqualTo("pending");
        assertThat(started.hasEnded()).isFalse();
        assertThat(manager.requests()).containsExactly(WATERMARK_READ, "POST " + EXECUTIONS);
        LoggedRequest post = manager.loggedRequests().get(1);
        assertThat(post.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(post.getHeader("Tenant")).isEqualTo(StubManager.TENANT);
        assertThat(post.getHeader("Authorization")).isEqualTo(StubManager.BASIC);
        assertThat(post.getBodyAsString()).isEqualTo(BODY);
    }

    @Test
    void aPostWithoutAnswerIsLookedUpAndNotSentAgain() {
        stubNewest(upgradeWeb1("older", "terminated", "2026-03-01T09:00:00.000Z"));
        manager.server().stubFor(post(urlPathEqualTo(EXECUTIONS)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        manager.server().stubFor(get(urlPathEqualTo(EXECUTIONS)).withQueryParam("workflow_id", equalTo("execute_operation"))
                .willReturn(json(200, page(List.of(
                        execution("other", "shop", "started", "", "2026-03-01T10:00:01.000Z",
                                storedParameters("webapp_upgrade.upgrade", Map.of("version", "2.0"), "web_2")),
                        upgradeWeb1("ours", "started", "2026-03-01T10:00:00.500Z"),
                        upgradeWeb1("older", "terminated", "2026-03-01T09:00:00.000Z")), 0, 10))));

        Execution found = client.startExecution("shop", "execute_operation", parameters());

        assertThat(found.id()).isEqualTo("ours");
        assertThat(manager.requests()).containsExactly(WATERMARK_READ, "POST " + EXECUTIONS, LOOKUP);
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN POST /api/v3.1/executions: ")
                && l.endsWith("; the manager may or may not have applied it; looking the execution up instead of starting it again"));
    }

    @Test
    void whenTheLookUpFindsOnlyOlderExecutionsItIsStartedAgainOnce() throws Exception {
        stubNewest(upgradeWeb1("older", "terminated", "2026-03-01T09:00:00.000Z"));
        manager.server().stubFor(post(urlPathEqualTo(EXECUTIONS)).inScenario("post").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html><head><title>502 Bad Gateway</title></head></html>")).willSetStateTo("up"));
        manager.server().stubFor(post(urlPathEqualTo(EXECUTIONS)).inScenario("post").whenScenarioStateIs("up")
                .willReturn(json(201, CloudifyReplies.json(upgradeWeb1("ex-2", "pending", "2026-03-01T10:00:02.000Z")))));
        manager.server().stubFor(get(urlPathEqualTo(EXECUTIONS)).withQueryParam("workflow_id", equalTo("execute_operation"))
                .willReturn(json(200, page(List.of(upgradeWeb1("older", "terminated", "2026-03-01T09:00:00.000Z")), 0, 10))));

        Execution started = client.startExecution("shop", "execute_operation", parameters());

        assertThat(started.id()).isEqualTo("ex-2");
        assertThat(manager.requests()).containsExactly(WATERMARK_READ, "POST " + EXECUTIONS, LOOKUP, LOOKUP, LOOKUP,
                "POST " + EXECUTIONS);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(manager.loggedRequests().get(5).getBodyAsString())).isEqualTo(json.readTree(BODY));
    }

    @Test
    void theWatermarkIsReadOncePerDeploymentThenMovedByEachCreatedExecution() {
        stubNewest(upgradeWeb1("older", "terminated", "2026-03-01T09:00:00.000Z"));
        manager.server().stubFor(post(urlPathEqualTo(EXECUTIONS)).willReturn(json(201,
                CloudifyReplies.json(upgradeWeb1("ex-1", "pending", "2026-03-01T10:00:00.000Z")))));

        client.startExecution("shop", "execute_operation", parameters());
        client.startExecution("shop", "execute_operation", parameters());

        assertThat(manager.requests()).containsExactly(WATERMARK_READ, "POST " + EXECUTIONS, "POST " + EXECUTIONS);
    }

    @Test
    void anotherRunningExecutionIsItsOwnKindOfError() {
        stubNewest(upgradeWeb1("older", "started", "2026-03-01T09:00:00.000Z"));
        manager.server().stubFor(post(urlPathEqualTo(EXECUTIONS)).willReturn(json(400, CloudifyReplies.error(
                "The following executions are currently running for this deployment: ['older']. To execute this "
                        + "workflow anyway, pass \"force=true\" as a query parameter to this request",
                "existing_running_execution_error"))));

        assertThatThrownBy(() -> client.startExecution("shop", "execute_operation", parameters()))
                .isInstanceOf(ExistingRunningExecutionException.class)
                .hasMessageContaining("currently running for this deployment: ['older']");
        assertThat(manager.requests()).containsExactly(WATERMARK_READ, "POST " + EXECUTIONS);
    }
}
