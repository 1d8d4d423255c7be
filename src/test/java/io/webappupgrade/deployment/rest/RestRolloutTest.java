package io.webappupgrade.deployment.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.webappupgrade.deployment.rest.ShopManager.API;
import static io.webappupgrade.deployment.rest.ShopManager.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.manager.CapturingLogger;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.ConnectionOptions;
import io.webappupgrade.manager.ConnectionResolver;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.manager.StubManagerExtension;
import io.webappupgrade.rollout.InMemoryRolloutJournal;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.RolloutParameters;
import io.webappupgrade.rollout.Sleeper;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollout engine driving six instances through the REST adapter, against a stateful stub
 * manager: scenario state k means web_1..web_k serve 2.0, and only the matching upgrade or
 * rollback execution moves it, so later listings show what the executions did.
 */
class RestRolloutTest {

    private static final int FLEET = 6;
    private static final String UPGRADE = "webapp_upgrade.upgrade";
    private static final String ROLLBACK = "webapp_upgrade.rollback";
    private static final String REMOVE = "haproxy_backends.remove_backend";
    private static final String ADD = "haproxy_backends.add_backend";
    private static final String SCENARIO = "fleet";

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final ShopManager shop = new ShopManager(manager);
    private final CapturingLogger log = stub.log();
    private final ManagerClient client = stub.client();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final RestDeployment deployment = new RestDeployment(client, "shop", new RestSettings(Duration.ofMillis(2),
            Duration.ofMillis(20), Duration.ofSeconds(5), log), events::add);
    private final ObjectMapper json = new ObjectMapper();

    private static String state(int upgraded) {
        return upgraded == 0 ? STARTED : "upgraded-" + upgraded;
    }

    /** The fleet's stubs; the upgrade of {@code failing} (0 for none) fails and changes nothing. */
    private void stubFleet(int failing) {
        shop.stubNodes(FLEET);
        shop.stubNoEarlierExecutions();
        for (int k = 0; k <= FLEET; k++) {
            List<String> versions = new ArrayList<>();
            for (int n = 1; n <= FLEET; n++) {
                versions.add(n <= k ? "2.0" : "1.0");
            }
            shop.stubInstances(versions, SCENARIO, state(k));
        }
        for (int n = 1; n <= FLEET; n++) {
            String web = ShopManager.id(n);
            boolean fails = n == failing;
            String up = "up-" + web;
            var upgrade = ShopManager.postOf(UPGRADE, web).inScenario(SCENARIO).whenScenarioStateIs(state(n - 1))
                    .willReturn(json(201, ShopManager.execution(up, "pending", "", UPGRADE, web)));
            manager.server().stubFor(fails ? upgrade : upgrade.willSetStateTo(state(n)));
            shop.stubPolls(up, UPGRADE, web, fails ? "RuntimeError: health check of " + web + " failed: /health answered"
                    + " 500 for 30 s; release 1.0 restored" : "", "started", fails ? "failed" : "terminated");
            shop.stubEvents(up, List.of(CloudifyReplies.event("2026-03-01T10:00:00.000Z", fails ? "task_failed" : "task_succeeded",
                    fails ? "Task failed 'script_runner.tasks.run'" : "Task succeeded 'script_runner.tasks.run'", web, UPGRADE)));

            String back = "back-" + web;
            manager.server().stubFor(ShopManager.postOf(ROLLBACK, web).inScenario(SCENARIO).whenScenarioStateIs(state(n))
                    .willReturn(json(201, ShopManager.execution(back, "pending", "", ROLLBACK, web))).willSetStateTo(state(n - 1)));
            shop.stubPolls(back, ROLLBACK, web, "", "terminated");
            shop.stubEvents(back, List.of());

            for (String op : List.of(REMOVE, ADD)) {
                String id = (op.equals(REMOVE) ? "rm-" : "add-") + web;
                manager.server().stubFor(ShopManager.postOf(op, "haproxy_1")
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                                "$.parameters.operation_kwargs.instance_id",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo(web)))
                        .willReturn(json(201, ShopManager.execution(id, "pending", "", op, "haproxy_1"))));
                shop.stubPolls(id, op, "haproxy_1", "", "terminated");
                shop.stubEvents(id, List.of());
            }
        }
    }

    private RolloutSummary rollout() {
        RolloutEngine engine = new RolloutEngine(deployment, new InMemoryRolloutJournal(), new RolloutListener() {
        }, Clock.systemUTC(), Sleeper.system());
        return engine.run(RolloutParameters.forUpgrade(Map.of("version", "2.0", "url",
                "https://releases.example.com/app-2.0.tar.gz", "drain_timeout", 15)));
    }

    /** Each POST /executions the stub saw, as "operation instance" (the app instance for backend operations). */
    private List<String> executionsStarted() {
        List<String> out = new ArrayList<>();
        for (LoggedRequest r : manager.loggedRequests()) {
            if (r.getMethod().getName().equals("POST") && r.getUrl().equals(API + "/executions")) {
                JsonNode p = read(r.getBodyAsString()).path("parameters");
                String op = p.path("operation").asText();
                String target = p.path("node_instance_ids").get(0).asText();
                String who = op.startsWith("haproxy_backends.") ? p.path("operation_kwargs").path("instance_id").asText()
                        + "@" + target : target;
                out.add(op.substring(op.lastIndexOf('.') + 1) + " " + who);
            }
        }
        return out;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> steps(String operation, int... instances) {
        List<String> out = new ArrayList<>();
        for (int n : instances) {
            String web = ShopManager.id(n);
            out.addAll(List.of("remove_backend " + web + "@haproxy_1", operation + " " + web, "add_backend " + web + "@haproxy_1"));
        }
        return out;
    }

    @Test
    void upgradesSixInstancesOneByOneTakingEachOutOfHaproxyAndPuttingItBack() {
        stubFleet(0);

        RolloutSummary summary = rollout();

        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(summary.instances()).extracting(i -> i.status()).containsOnly(InstanceStatus.UPGRADED).hasSize(FLEET);
        assertThat(executionsStarted()).containsExactlyElementsOf(steps("upgrade", 1, 2, 3, 4, 5, 6));
        List<String> requests = manager.requests();
        assertThat(requests.get(0)).startsWith("GET " + API + "/nodes?deployment_id=shop");
        assertThat(requests.get(1)).startsWith("GET " + API + "/node-instances?deployment_id=shop");
        // every execution is followed to its end before the next one starts
        assertThat(requests.stream().filter(r -> r.equals("POST " + API + "/executions")).count()).isEqualTo(18);
        assertThat(deployment.instances()).filteredOn(i -> i.nodeId().equals("web"))
                .extracting(i -> i.runtimeProperties().get("app_version")).containsOnly("2.0");
        JsonNode firstRemove = read(manager.loggedRequests().stream().filter(r -> r.getMethod().getName().equals("POST"))
                .findFirst().orElseThrow().getBodyAsString());
        assertThat(firstRemove.path("parameters").path("operation_kwargs")).isEqualTo(read(
                "{\"instance_id\":\"web_1\",\"address\":\"127.0.0.1\",\"port\":8001,\"drain_timeout\":15}"));
        assertThat(events).filteredOn(e -> e.contains("task_succeeded [web_")).hasSize(FLEET);
    }

    @Test
    void aFailureInTheThirdRollsBackTheTwoUpgradedNewestFirst() {
        stubFleet(3);

        RolloutSummary summary = rollout();

        assertThat(summary.outcome()).as(summary.message()).isEqualTo(RolloutOutcome.ROLLED_BACK);
        List<String> expected = new ArrayList<>(steps("upgrade", 1, 2, 3));
        expected.addAll(steps("rollback", 2, 1));
        assertThat(executionsStarted()).containsExactlyElementsOf(expected);
        assertThat(summary.instance("web_3").orElseThrow().status()).isEqualTo(InstanceStatus.FAILED);
        assertThat(summary.instance("web_3").orElseThrow().error()).contains(
                "RuntimeError: health check of web_3 failed: /health answered 500 for 30 s; release 1.0 restored (execution up-web_3)");
        assertThat(summary.instance("web_1").orElseThrow().status()).isEqualTo(InstanceStatus.ROLLED_BACK);
        assertThat(summary.instance("web_2").orElseThrow().status()).isEqualTo(InstanceStatus.ROLLED_BACK);
        List<NodeInstance> after = deployment.instances();
        assertThat(after).filteredOn(i -> i.nodeId().equals("web"))
                .extracting(i -> i.runtimeProperties().get("app_version")).containsOnly("1.0");
        assertThat(events).contains("2026-03-01T10:00:00.000Z task_failed [web_3.upgrade] Task failed 'script_runner.tasks.run'");
        manager.server().verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo(API + "/executions/up-web_4")));
    }

    @Test
    void noPasswordOrTokenAppearsInAnyLogLineEventSummaryOrErrorOfARunThatFailsAndMeetsErrors() throws Exception {
        stubFleet(3);
        manager.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(API + "/node-instances/denied"))
                .willReturn(json(401, CloudifyReplies.error("User unauthorized", "unauthorized_error"))));
        manager.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(API + "/node-instances/gone"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        List<String> output = new ArrayList<>();

        RolloutSummary summary = rollout();
        output.add(summary.toJson());
        output.add(summary.message());
        for (String id : List.of("denied", "gone")) {
            try {
                client.nodeInstance(id);
            } catch (RuntimeException e) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(trace));
                output.add(trace.toString());
            }
        }
        ConnectionResolver resolver = new ConnectionResolver(Map.of("CLOUDIFY_PASSWORD", StubManager.PASSWORD,
                "CLOUDIFY_TOKEN", "tok-" + StubManager.PASSWORD));
        try {
            resolver.resolve(new ConnectionOptions("h", null, "u", null, null, null, null, null), null);
        } catch (RuntimeException e) {
            output.add(e.getMessage());
        }
        output.add(resolver.resolve(new ConnectionOptions("h", null, "u", null, null, null, null, null), null).toString());
        output.add(client.toString());
        output.add(deployment.toString());
        output.add(new ConnectionOptions("h", "t", "u", StubManager.PASSWORD, "tok", null, null, null).toString());
        output.addAll(log.lines());
        output.addAll(events);

        assertThat(summary.outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
        assertThat(log.lines()).anyMatch(l -> l.startsWith("DEBUG POST /api/v3.1/executions -> 201"));
        assertThat(output).hasSizeGreaterThan(100);
        String basicPair = StubManager.BASIC.substring("Basic ".length());
        for (String text : output) {
            assertThat(text).doesNotContain(StubManager.PASSWORD).doesNotContain(basicPair);
        }
        // the secret did reach the manager, where it belongs
        assertThat(manager.loggedRequests()).allMatch(r -> StubManager.BASIC.equals(r.getHeader("Authorization")));
    }
}
