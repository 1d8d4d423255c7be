package io.webappupgrade.manager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RuntimePropertiesUpdateTest {

    private static final String PATH = "/api/v3.1/node-instances/lb_1";

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final CapturingLogger log = stub.log();
    private final ManagerClient client = stub.client();

    private static String lb(long version, Map<String, Object> props) {
        return CloudifyReplies.json(CloudifyReplies.instance("lb_1", "haproxy", "shop", props, version));
    }

    private void stub(String state, String next, com.github.tomakehurst.wiremock.client.MappingBuilder request, int status,
            String body) {
        var mapping = request.inScenario("writes").whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
        if (next != null) {
            mapping = mapping.willSetStateTo(next);
        }
        manager.server().stubFor(mapping);
    }

    @Test
    void aConflictMakesItReadTheNewerVersionAndApplyTheChangeToThat() throws Exception {
        Map<String, Object> v3 = new LinkedHashMap<>(Map.of("pid", 10));
        Map<String, Object> v4 = new LinkedHashMap<>(Map.of("pid", 10, "backends", Map.of("web_1", Map.of("enabled", true))));
        stub(STARTED, "read-once", get(urlPathEqualTo(PATH)), 200, lb(3, v3));
        stub("read-once", "conflicted", patch(urlPathEqualTo(PATH)), 409, CloudifyReplies.error(
                "Node instance lb_1 was modified: version 3 is not the current version 4", "conflict_error"));
        stub("conflicted", "read-again", get(urlPathEqualTo(PATH)), 200, lb(4, v4));
        Map<String, Object> v5 = new LinkedHashMap<>(v4);
        v5.put("note", "checked");
        stub("read-again", "done", patch(urlPathEqualTo(PATH)), 200, lb(5, v5));

        ManagerNodeInstance updated = client.updateRuntimeProperties("lb_1", props -> {
            props.put("note", "checked");
            return props;
        });

        assertThat(updated.version()).isEqualTo(5);
        assertThat(updated.runtimeProperties()).containsEntry("note", "checked").containsKey("backends");
        assertThat(manager.requests()).containsExactly("GET " + PATH, "PATCH " + PATH, "GET " + PATH, "PATCH " + PATH);
        List<LoggedRequest> patches = manager.loggedRequests().stream()
                .filter(r -> r.getMethod().getName().equals("PATCH")).toList();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(patches.get(0).getBodyAsString())).isEqualTo(json.readTree(
                "{\"version\":3,\"runtime_properties\":{\"pid\":10,\"note\":\"checked\"}}"));
        JsonNode second = json.readTree(patches.get(1).getBodyAsString());
        assertThat(second).isEqualTo(json.readTree("{\"version\":4,\"runtime_properties\":{\"pid\":10,"
                + "\"backends\":{\"web_1\":{\"enabled\":true}},\"note\":\"checked\"}}"));
        for (LoggedRequest p : patches) {
            assertThat(p.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(p.getHeader("Tenant")).isEqualTo(StubManager.TENANT);
            assertThat(p.getHeader("Authorization")).isEqualTo(StubManager.BASIC);
        }
        assertThat(log.lines()).contains("INFO runtime properties of lb_1 changed since version 3 was read; reading them again");
    }

    @Test
    void givesUpAfterFiveConflictsInARowSayingSo() {
        manager.server().stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(lb(7, Map.of()))));
        manager.server().stubFor(patch(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody(CloudifyReplies.error("version conflict", "conflict_error"))));

        assertThatThrownBy(() -> client.updateRuntimeProperties("lb_1", p -> p))
                .isInstanceOf(ConflictException.class)
                .hasMessageStartingWith("the runtime properties of lb_1 kept changing: 5 updates in a row met a newer version");
        assertThat(manager.requests()).hasSize(10);
    }
}
