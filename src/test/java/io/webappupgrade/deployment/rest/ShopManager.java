package io.webappupgrade.deployment.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.StubManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stubs of deployment "shop" on a {@link StubManager}: node "haproxy" (instance haproxy_1) and
 * node "web" with instances web_1..web_N behind it, plus execute_operation executions.
 */
final class ShopManager {

    static final String DEPLOYMENT = "shop";
    static final String API = "/api/v3.1";

    private final StubManager manager;

    ShopManager(StubManager manager) {
        this.manager = manager;
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static String id(int n) {
        return "web_" + n;
    }

    static int port(int n) {
        return 8000 + n;
    }

    /** Cloudify's built-in workflows, which every deployment declares. */
    static final List<String> BUILT_IN = List.of("install", "uninstall", "execute_operation", "heal", "scale", "update");

    /** GET /deployments/shop?_include=id,workflows: the deployment declaring {@code workflows}. */
    void stubDeployment(List<String> workflows) {
        List<Map<String, Object>> declared = new ArrayList<>();
        for (String name : workflows) {
            Map<String, Object> w = new java.util.LinkedHashMap<>();
            w.put("name", name);
            w.put("plugin", "default_workflows");
            w.put("operation", "cloudify.plugins.workflows." + name);
            w.put("parameters", Map.of());
            w.put("is_cascading", false);
            w.put("availability_rules", null);
            declared.add(w);
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", DEPLOYMENT);
        body.put("workflows", declared);
        manager.server().stubFor(get(urlPathEqualTo(API + "/deployments/" + DEPLOYMENT))
                .withQueryParam("_include", equalTo("id,workflows"))
                .willReturn(json(200, CloudifyReplies.json(body))));
    }

    /** GET /nodes: haproxy and web. */
    void stubNodes(int webInstances) {
        List<Map<String, Object>> nodes = List.of(CloudifyReplies.haproxyNode("haproxy", DEPLOYMENT),
                CloudifyReplies.webappNode("web", DEPLOYMENT, "haproxy", webInstances));
        manager.server().stubFor(get(urlPathEqualTo(API + "/nodes")).willReturn(json(200, CloudifyReplies.page(nodes, 0, 1000))));
    }

    /** The instances with the given versions (index 0 = web_1), in any scenario state unless one is given. */
    static List<Map<String, Object>> instances(List<String> versions) {
        List<Map<String, Object>> all = new ArrayList<>();
        all.add(CloudifyReplies.instance("haproxy_1", "haproxy", DEPLOYMENT, Map.of("backends", Map.of()), 1));
        for (int n = 1; n <= versions.size(); n++) {
            all.add(CloudifyReplies.webappInstance(id(n), "web", DEPLOYMENT, versions.get(n - 1), port(n), "haproxy_1",
                    "haproxy", n));
        }
        return all;
    }

    void stubInstances(List<String> versions, String scenario, String state) {
        List<Map<String, Object>> all = instances(versions);
        MappingBuilder list = get(urlPathEqualTo(API + "/node-instances"));
        if (scenario != null) {
            list = list.inScenario(scenario).whenScenarioStateIs(state);
        }
        manager.server().stubFor(list.willReturn(json(200, CloudifyReplies.page(all, 0, 1000))));
        for (Map<String, Object> one : all) {
            MappingBuilder single = get(urlPathEqualTo(API + "/node-instances/" + one.get("id")));
            if (scenario != null) {
                single = single.inScenario(scenario).whenScenarioStateIs(state);
            }
            manager.server().stubFor(single.willReturn(json(200, CloudifyReplies.json(one))));
        }
    }

    /**
     * GET /executions?...&_size=1 (the newest execution before ours) and ...&_size=50 (the check
     * for an active one before each batch): none.
     */
    void stubNoEarlierExecutions() {
        manager.server().stubFor(get(urlPathEqualTo(API + "/executions")).withQueryParam("_size", equalTo("1"))
                .willReturn(json(200, CloudifyReplies.page(List.of(), 0, 1))));
        manager.server().stubFor(get(urlPathEqualTo(API + "/executions")).withQueryParam("_size", equalTo("50"))
                .willReturn(json(200, CloudifyReplies.page(List.of(), 0, 50))));
    }

    /** The POST that starts {@code operation} on {@code instance}, matched on the body's parameters. */
    static MappingBuilder postOf(String operation, String instance) {
        return post(urlPathEqualTo(API + "/executions"))
                .withRequestBody(matchingJsonPath("$.parameters.operation", equalTo(operation)))
                .withRequestBody(matchingJsonPath("$.parameters.node_instance_ids[0]", equalTo(instance)));
    }

    static String execution(String id, String status, String error, String operation, String instance) {
        return CloudifyReplies.json(CloudifyReplies.execution(id, DEPLOYMENT, status, error, "2026-03-01T10:00:00.000Z",
                CloudifyReplies.storedParameters(operation, Map.of(), instance)));
    }

    /**
     * An execution that is created pending and then reads, poll after poll, as {@code statuses}
     * (the last one staying), with {@code events} all visible from the first poll.
     */
    void stubExecution(String id, String operation, String instance, String error, List<Map<String, Object>> events,
            String... statuses) {
        manager.server().stubFor(postOf(operation, instance).willReturn(json(201, execution(id, "pending", "", operation, instance))));
        stubPolls(id, operation, instance, error, statuses);
        stubEvents(id, events);
    }

    void stubPolls(String id, String operation, String instance, String error, String... statuses) {
        String scenario = "poll-" + id;
        for (int k = 0; k < statuses.length; k++) {
            String state = k == 0 ? STARTED : "poll-" + k;
            var poll = get(urlPathEqualTo(API + "/executions/" + id)).inScenario(scenario).whenScenarioStateIs(state);
            boolean last = k == statuses.length - 1;
            String body = execution(id, statuses[k], last ? error : "", operation, instance);
            manager.server().stubFor(last ? poll.willReturn(json(200, body))
                    : poll.willReturn(json(200, body)).willSetStateTo("poll-" + (k + 1)));
        }
    }

    void stubEvents(String id, List<Map<String, Object>> events) {
        manager.server().stubFor(get(urlPathEqualTo(API + "/events")).withQueryParam("execution_id", equalTo(id))
                .withQueryParam("_offset", equalTo("0"))
                .willReturn(json(200, CloudifyReplies.page(events, 0, 1000))));
        manager.server().stubFor(get(urlPathEqualTo(API + "/events")).withQueryParam("execution_id", equalTo(id))
                .withQueryParam("_offset", equalTo(String.valueOf(events.size())))
                .willReturn(json(200, CloudifyReplies.page(events, events.size(), 1000))));
    }

    /** The event listing request the adapter sends after a poll, decoded. */
    static String eventsRequest(String executionId, int offset) {
        return "GET " + API + "/events?execution_id=" + executionId + "&type=cloudify_event&type=cloudify_log"
                + "&_sort=reported_timestamp&_offset=" + offset + "&_size=1000";
    }
}
