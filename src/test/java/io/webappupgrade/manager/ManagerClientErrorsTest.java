package io.webappupgrade.manager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.webappupgrade.net.FreePort;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ManagerClientErrorsTest {

    private static final String INSTANCE = "/api/v3.1/node-instances/web_1";

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final CapturingLogger log = stub.log();
    private final ManagerClient client = stub.client();

    private void replyOnGet(int status, String body) {
        manager.server().stubFor(get(urlPathEqualTo(INSTANCE)).willReturn(
                aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static String instanceJson() {
        return CloudifyReplies.json(CloudifyReplies.webappInstance("web_1", "web", "shop", "1.0", 8001, "haproxy_1",
                "haproxy", 1));
    }

    @Test
    void unauthorizedIsReportedOnceWithTheManagersMessageAndAHintButNoSecret() {
        replyOnGet(401, CloudifyReplies.error("User unauthorized: No authentication info provided", "unauthorized_error"));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("GET /api/v3.1/node-instances/web_1: 401 unauthorized_error: User unauthorized: No "
                        + "authentication info provided (check the user name and password, or the token)")
                .satisfies(e -> assertThat(((ManagerException) e).status()).isEqualTo(401))
                .satisfies(e -> assertThat(((ManagerException) e).errorCode()).isEqualTo("unauthorized_error"));
        assertThat(manager.requests()).hasSize(1);
    }

    @Test
    void forbiddenForABadTenantNamesTheTenant() {
        replyOnGet(403, CloudifyReplies.error("User `admin` is not permitted to perform the action "
                + "node_instance_get in the tenant `acme`", "forbidden_error"));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("403 forbidden_error: User `admin` is not permitted")
                .hasMessageEndingWith("(check the tenant 'acme' and the user's role in it)");
        assertThat(manager.loggedRequests().get(0).getHeader("Tenant")).isEqualTo("acme");
    }

    @Test
    void notFoundIsNotRetried() {
        replyOnGet(404, CloudifyReplies.error("Requested `NodeInstance` with ID `web_1` was not found", "not_found_error"));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("GET /api/v3.1/node-instances/web_1: 404 not_found_error: Requested `NodeInstance` with ID "
                        + "`web_1` was not found");
        assertThat(manager.requests()).hasSize(1);
    }

    @Test
    void unsupportedContentTypeNamesWhatWasSent() {
        manager.server().stubFor(post(urlPathEqualTo("/api/v3.1/executions/ex-1")).willReturn(aResponse().withStatus(415)
                .withHeader("Content-Type", "application/json").withBody(CloudifyReplies.error(
                        "Content-Type must be application/json", "unsupported_content_type_error"))));

        assertThatThrownBy(() -> client.cancelExecution("ex-1"))
                .isInstanceOf(UnsupportedContentTypeException.class)
                .hasMessageContaining("415 unsupported_content_type_error: Content-Type must be application/json");
        LoggedRequest sent = manager.loggedRequests().get(0);
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(sent.getBodyAsString()).isEqualTo("{\"action\":\"cancel\"}");
        assertThat(manager.requests()).hasSize(1);
    }

    @Test
    void maintenanceModeOnAReadIsRetriedThenReportedAsSuch() {
        replyOnGet(503, CloudifyReplies.error("Your request was rejected since Cloudify manager is currently in "
                + "maintenance mode", "maintenance_mode_active"));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(MaintenanceModeException.class)
                .hasMessageContaining("503 maintenance_mode_active: Your request was rejected")
                .hasMessageEndingWith("(the manager runs nothing until maintenance mode is turned off)");
        assertThat(manager.requests()).hasSize(3);
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN GET /api/v3.1/node-instances/web_1 failed (HTTP 503);"
                + " trying again in 5 ms (try 2 of 3)"));
    }

    @Test
    void enteringMaintenanceModeIsRecognisedAsMaintenance() {
        replyOnGet(503, CloudifyReplies.error("Your request was rejected since Cloudify manager is entering "
                + "maintenance mode", "entering_maintenance_mode"));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(MaintenanceModeException.class)
                .hasMessageContaining("503 entering_maintenance_mode: Your request was rejected")
                .hasMessageEndingWith("(the manager is entering maintenance mode and starts nothing new until it is"
                        + " turned off)");
    }

    @Test
    void aReadSucceedsOnceMaintenanceModeEnds() {
        manager.server().stubFor(get(urlPathEqualTo(INSTANCE)).inScenario("maintenance").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody(CloudifyReplies.error("maintenance mode", "maintenance_mode_active")))
                .willSetStateTo("over"));
        manager.server().stubFor(get(urlPathEqualTo(INSTANCE)).inScenario("maintenance").whenScenarioStateIs("over")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(instanceJson())));

        assertThat(client.nodeInstance("web_1").id()).isEqualTo("web_1");
        assertThat(manager.requests()).hasSize(2);
    }

    @Test
    void anHtml502IsReportedAsAnHtmlPageNotAsUnreadableJson() {
        manager.server().stubFor(get(urlPathEqualTo(INSTANCE)).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                        + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>")));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(ServerErrorException.class)
                .hasMessage("GET /api/v3.1/node-instances/web_1: HTTP 502 with an HTML page titled '502 Bad Gateway', not "
                        + "the REST API's JSON; a proxy in front of the manager answered, or the address is not a Cloudify "
                        + "manager's API");
        assertThat(manager.requests()).hasSize(3);
    }

    @Test
    void anHtmlPageWithStatus200IsRefusedByName() {
        manager.server().stubFor(get(urlPathEqualTo(INSTANCE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<!DOCTYPE html><html><head><title>Cloudify Console"
                        + "</title></head><body></body></html>")));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("HTTP 200 with an HTML page titled 'Cloudify Console', not the REST API's JSON");
    }

    @Test
    void aDroppedConnectionOnAReadIsRetried() {
        manager.server().stubFor(get(urlPathEqualTo(INSTANCE)).inScenario("drop").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("back"));
        manager.server().stubFor(get(urlPathEqualTo(INSTANCE)).inScenario("drop").whenScenarioStateIs("back")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(instanceJson())));

        assertThat(client.nodeInstance("web_1").runtimeProperties()).containsEntry("port", 8001);
        assertThat(manager.requests()).containsExactly("GET " + INSTANCE, "GET " + INSTANCE);
    }

    @Test
    void aManagerNobodyListensForIsUnreachableAfterTheRetries() throws IOException {
        int port = FreePort.onLoopback();
        ManagerConnection nowhere = new ManagerConnection(URI.create("http://127.0.0.1:" + port + "/api/v3.1"), "acme",
                Credentials.basic(StubManager.USER, StubManager.PASSWORD), null, Duration.ofSeconds(1), Duration.ofSeconds(1));
        try (ManagerClient c = new ManagerClient(nowhere, StubManager.settings(1000, log))) {
            assertThatThrownBy(() -> c.nodeInstances("shop"))
                    .isInstanceOf(ManagerUnreachableException.class)
                    .hasMessageContaining("ConnectException")
                    .hasMessageContaining("(after 3 tries); manager http://127.0.0.1:" + port);
        }
    }

    @Test
    void badParametersOnAPostAreReportedOnceAndNotRetried() {
        manager.server().stubFor(post(urlPathEqualTo("/api/v3.1/executions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(CloudifyReplies.error(
                        "Workflow execute_operation: missing mandatory parameter operation", "bad_parameters_error"))));
        stubNoExecutionsYet();

        assertThatThrownBy(() -> client.startExecution("shop", "execute_operation", Map.of()))
                .isInstanceOf(BadParametersException.class)
                .hasMessageContaining("400 bad_parameters_error: Workflow execute_operation: missing mandatory");
        assertThat(manager.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(1);
    }

    @Test
    void maintenanceModeOnAPostIsAClearRefusalNotRetriedAndNotLookedUp() {
        manager.server().stubFor(post(urlPathEqualTo("/api/v3.1/executions")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody(CloudifyReplies.error(
                        "Your request was rejected since Cloudify manager is currently in maintenance mode",
                        "maintenance_mode_active"))));
        stubNoExecutionsYet();

        assertThatThrownBy(() -> client.startExecution("shop", "execute_operation", Map.of("operation", "x")))
                .isInstanceOf(MaintenanceModeException.class);
        assertThat(manager.requests()).containsExactly(
                "GET /api/v3.1/executions?deployment_id=shop&_include=id,created_at&_sort=-created_at&_size=1",
                "POST /api/v3.1/executions");
    }

    @Test
    void noReplyIsEverShownWithItsServerTraceback() {
        replyOnGet(500, CloudifyReplies.errorWithTraceback("Internal error", "internal_server_error"));

        assertThatThrownBy(() -> client.nodeInstance("web_1"))
                .isInstanceOf(ServerErrorException.class)
                .hasMessage("GET /api/v3.1/node-instances/web_1: 500 internal_server_error: Internal error");
        assertThat(manager.requests()).hasSize(1);
    }

    private void stubNoExecutionsYet() {
        manager.server().stubFor(get(urlPathEqualTo("/api/v3.1/executions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(CloudifyReplies.page(List.of(), 0, 1))));
    }
}
