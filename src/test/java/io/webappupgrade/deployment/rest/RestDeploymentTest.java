package io.webappupgrade.deployment.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.webappupgrade.deployment.rest.ShopManager.API;
import static io.webappupgrade.deployment.rest.ShopManager.eventsRequest;
import static io.webappupgrade.deployment.rest.ShopManager.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.manager.CapturingLogger;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.manager.StubManagerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestDeploymentTest {

    private static final String UNLINK = "cloudify.interfaces.relationship_lifecycle.unlink";
    private static final String ESTABLISH = "cloudify.interfaces.relationship_lifecycle.establish";
    private static final String UPGRADE = "webapp_upgrade.upgrade";
    private static final String POST_EXECUTIONS = "POST " + API + "/executions";
    private static final String WATERMARK = "GET " + API
            + "/executions?deployment_id=shop&_include=id,created_at&_sort=-created_at&_size=1";

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final ShopManager shop = new ShopManager(manager);
    private final CapturingLogger log = stub.log();
    private final ManagerClient client = stub.client();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final RestDeployment deployment = new RestDeployment(client, "shop", new RestSettings(Duration.ofMillis(5),
            Duration.ofMillis(20), Duration.ofSeconds(5), log), events::add);
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        Thread.interrupted();
    }

    private List<LoggedRequest> posts() {
        return manager.loggedRequests().stream().filter(r -> r.getMethod().getName().equals("POST")).toList();
    }

    private void assertBody(LoggedRequest request, String expected) throws Exception {
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Tenant")).isEqualTo(StubManager.TENANT);
        assertThat(request.getHeader("Authorization")).isEqualTo(StubManager.BASIC);
        assertThat(json.readTree(request.getBodyAsString())).isEqualTo(json.readTree(expected));
    }

    @Test
    void instancesJoinEachNodeInstanceWithItsNode() {
        shop.stubNodes(2);
        shop.stubInstances(List.of("1.0", "1.1"), null, null);

        List<NodeInstance> instances = deployment.instances();

        assertThat(instances).extracting(NodeInstance::id).containsExactly("haproxy_1", "web_1", "web_2");
        NodeInstance web2 = instances.get(2);
        assertThat(web2.nodeId()).isEqualTo("web");
        assertThat(web2.typeHierarchy()).isEqualTo(CloudifyReplies.WEBAPP_HIERARCHY);
        assertThat(web2.hasOperation("webapp_upgrade.upgrade")).isTrue();
        assertThat(web2.hasOperation("webapp_upgrade.rollback")).isTrue();
        assertThat(web2.runtimeProperties()).containsEntry("app_version", "1.1").containsEntry("port", 8002);
        assertThat(web2.relationships()).containsExactly(new RelationshipInstance(CloudifyReplies.LB_LINK,
                CloudifyReplies.LB_LINK_HIERARCHY, "haproxy", "haproxy_1"));
        assertThat(web2.relationships().get(0).isDerivedFrom("cloudify.relationships.connected_to")).isTrue();
        assertThat(instances.get(0).hasOperation("haproxy_backends.add_backend")).isTrue();
        assertThat(manager.requests()).hasSize(2).allMatch(r -> r.startsWith("GET " + API + "/node"));
    }

    @Test
    void aSlowExecutionIsPolledUntilItEndsAndItsEventsAreRelayedOnceEachInOrder() throws Exception {
        shop.stubNoEarlierExecutions();
        manager.server().stubFor(ShopManager.postOf(UPGRADE, "web_1")
                .willReturn(json(201, ShopManager.execution("ex-1", "pending", "", UPGRADE, "web_1"))));
        shop.stubPolls("ex-1", UPGRADE, "web_1", "", "started", "started", "terminated");
        List<Map<String, Object>> all = List.of(
                CloudifyReplies.event("2026-03-01T10:00:01.000Z", "workflow_started", "Starting 'execute_operation' workflow execution", "", ""),
                CloudifyReplies.event("2026-03-01T10:00:01.100Z", "task_started", "Task started 'script_runner.tasks.run'", "web_1", UPGRADE),
                CloudifyReplies.log("2026-03-01T10:00:02.000Z", "info", "<out> fetched release 2.0", "web_1", UPGRADE),
                CloudifyReplies.event("2026-03-01T10:00:03.000Z", "task_succeeded", "Task succeeded 'script_runner.tasks.run'", "web_1", UPGRADE));
        // the events appear over time: 2 by the first poll, 3 by the second, 4 by the end
        stubEventsAt("ex-1", 0, all.subList(0, 2), 2, null);
        stubEventsAt("ex-1", 2, List.of(), 2, "poll-1");
        stubEventsAt("ex-1", 2, all.subList(2, 3), 3, "poll-2");
        stubEventsAt("ex-1", 3, all.subList(3, 4), 4, null);
        stubEventsAt("ex-1", 4, List.of(), 4, null);

        deployment.runNodeOperation("web_1", UPGRADE, Map.of("version", "2.0", "url", "https://releases.example.com/app-2.0.tgz"));

        assertThat(manager.requests()).containsExactly(WATERMARK, POST_EXECUTIONS,
                "GET " + API + "/executions/ex-1", eventsRequest("ex-1", 0),
                "GET " + API + "/executions/ex-1", eventsRequest("ex-1", 2),
                "GET " + API + "/executions/ex-1", eventsRequest("ex-1", 3),
                eventsRequest("ex-1", 4));
        assertBody(posts().get(0), "{\"deployment_id\":\"shop\",\"workflow_id\":\"execute_operation\",\"parameters\":"
                + "{\"operation\":\"webapp_upgrade.upgrade\",\"operation_kwargs\":{\"version\":\"2.0\",\"url\":"
                + "\"https://releases.example.com/app-2.0.tgz\"},\"allow_kwargs_override\":true,"
                + "\"node_instance_ids\":[\"web_1\"]}}");
        assertThat(events).containsExactly(
                "2026-03-01T10:00:01.000Z workflow_started Starting 'execute_operation' workflow execution",
                "2026-03-01T10:00:01.100Z task_started [web_1.upgrade] Task started 'script_runner.tasks.run'",
                "2026-03-01T10:00:02.000Z INFO [web_1.upgrade] <out> fetched release 2.0",
                "2026-03-01T10:00:03.000Z task_succeeded [web_1.upgrade] Task succeeded 'script_runner.tasks.run'");
    }

    private void stubEventsAt(String id, int offset, List<Map<String, Object>> items, int total, String state) {
        var request = get(urlPathEqualTo(API + "/events")).withQueryParam("execution_id", equalTo(id))
                .withQueryParam("_offset", equalTo(String.valueOf(offset)));
        if (state != null) {
            request = request.inScenario("poll-" + id).whenScenarioStateIs(state);
        }
        java.util.LinkedHashMap<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("items", items);
        page.put("metadata", Map.of("pagination", Map.of("total", total, "size", 1000, "offset", offset)));
        manager.server().stubFor(request.willReturn(json(200, CloudifyReplies.json(page))));
    }

    @Test
    void aFailedExecutionIsAStepFailureCarryingTheExecutionsErrorText() {
        shop.stubNoEarlierExecutions();
        String error = "RuntimeError: health check of web_1 failed: GET http://127.0.0.1:8001/health answered 500 "
                + "within 30 s; release 1.0 restored";
        shop.stubExecution("ex-9", UPGRADE, "web_1", error, List.of(
                CloudifyReplies.event("2026-03-01T10:00:05.000Z", "task_failed", "Task failed 'script_runner.tasks.run'"
                        + " -> health check failed", "web_1", UPGRADE)), "started", "failed");

        assertThatThrownBy(() -> deployment.runNodeOperation("web_1", UPGRADE, Map.of("version", "2.0")))
                .isInstanceOf(OperationFailedException.class)
                .hasMessage(error + " (execution ex-9)");
        assertThat(events).containsExactly("2026-03-01T10:00:05.000Z task_failed [web_1.upgrade] Task failed "
                + "'script_runner.tasks.run' -> health check failed");
    }

    @Test
    void aCancelledExecutionIsAStepFailureSayingSo() {
        shop.stubNoEarlierExecutions();
        shop.stubExecution("ex-c", UPGRADE, "web_1", "", List.of(), "cancelled");

        assertThatThrownBy(() -> deployment.runNodeOperation("web_1", UPGRADE, Map.of()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessage("execution ex-c (webapp_upgrade.upgrade on web_1) was cancelled on the manager");
    }

    @Test
    void anotherRunningExecutionIsWaitedForWithAClearMessageThenTheStepStarts() throws Exception {
        shop.stubNoEarlierExecutions();
        String busy = CloudifyReplies.error("The following executions are currently running for this deployment: "
                + "['a1b2']. To execute this workflow anyway, pass \"force=true\" as a query parameter to this request",
                "existing_running_execution_error");
        manager.server().stubFor(ShopManager.postOf(UPGRADE, "web_1").inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(json(400, busy)).willSetStateTo("still"));
        manager.server().stubFor(ShopManager.postOf(UPGRADE, "web_1").inScenario("busy").whenScenarioStateIs("still")
                .willReturn(json(400, busy)).willSetStateTo("free"));
        manager.server().stubFor(ShopManager.postOf(UPGRADE, "web_1").inScenario("busy").whenScenarioStateIs("free")
                .willReturn(json(201, ShopManager.execution("ex-2", "pending", "", UPGRADE, "web_1"))));
        shop.stubPolls("ex-2", UPGRADE, "web_1", "", "terminated");
        shop.stubEvents("ex-2", List.of());

        deployment.runNodeOperation("web_1", UPGRADE, Map.of());

        assertThat(manager.requests()).containsExactly(WATERMARK, POST_EXECUTIONS, POST_EXECUTIONS, POST_EXECUTIONS,
                "GET " + API + "/executions/ex-2", eventsRequest("ex-2", 0), eventsRequest("ex-2", 0));
        assertThat(events).hasSize(2).allMatch(e -> e.equals("deployment shop is busy with another execution, so "
                + "webapp_upgrade.upgrade on web_1 waits 20 ms and tries again (manager: POST /api/v3.1/executions: 400 "
                + "existing_running_execution_error: The following executions are currently running for this deployment:"
                + " ['a1b2']. To execute this workflow anyway, pass \"force=true\" as a query parameter to this request)"));
    }

    @Test
    void aDeploymentThatStaysBusyFailsTheStepAfterTheTimeout() {
        shop.stubNoEarlierExecutions();
        manager.server().stubFor(post(urlPathEqualTo(API + "/executions")).willReturn(json(400, CloudifyReplies.error(
                "The following executions are currently running for this deployment: ['x']",
                "existing_running_execution_error"))));
        RestDeployment impatient = new RestDeployment(client, "shop", new RestSettings(Duration.ofMillis(5),
                Duration.ofMillis(50), Duration.ofMillis(300), log), events::add);

        assertThatThrownBy(() -> impatient.runNodeOperation("web_1", UPGRADE, Map.of()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageStartingWith("deployment shop stayed busy with another execution for 300 ms, so "
                        + "webapp_upgrade.upgrade on web_1 was not started; the manager said: ");
        // tried at the start, then every 50 ms until 300 ms had passed (fewer if requests are slow)
        assertThat(posts().size()).isBetween(2, 8);
        assertThat(events).last().asString().startsWith("deployment shop is busy with another execution, so "
                + "webapp_upgrade.upgrade on web_1 waits 50 ms and tries again");
    }

    @Test
    void aConnectionDroppedWhilePollingIsRiddenOut() throws Exception {
        shop.stubNoEarlierExecutions();
        manager.server().stubFor(ShopManager.postOf(UPGRADE, "web_1")
                .willReturn(json(201, ShopManager.execution("ex-3", "pending", "", UPGRADE, "web_1"))));
        manager.server().stubFor(get(urlPathEqualTo(API + "/executions/ex-3")).inScenario("drop").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("back"));
        manager.server().stubFor(get(urlPathEqualTo(API + "/executions/ex-3")).inScenario("drop").whenScenarioStateIs("back")
                .willReturn(json(200, ShopManager.execution("ex-3", "terminated", "", UPGRADE, "web_1"))));
        shop.stubEvents("ex-3", List.of());

        deployment.runNodeOperation("web_1", UPGRADE, Map.of());

        assertThat(manager.requests()).containsExactly(WATERMARK, POST_EXECUTIONS, "GET " + API + "/executions/ex-3",
                "GET " + API + "/executions/ex-3", eventsRequest("ex-3", 0), eventsRequest("ex-3", 0));
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN GET /api/v3.1/executions/ex-3 failed (")
                && l.contains("trying again in 5 ms (try 2 of 3)"));
    }

    @Test
    void interruptingTheCallerCancelsTheRunningExecutionThenThrowsInterrupted() throws Exception {
        shop.stubNoEarlierExecutions();
        shop.stubExecution("ex-4", UPGRADE, "web_1", "", List.of(), "started");
        manager.server().stubFor(post(urlPathEqualTo(API + "/executions/ex-4"))
                .willReturn(json(200, ShopManager.execution("ex-4", "cancelling", "", UPGRADE, "web_1"))));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                deployment.runNodeOperation("web_1", UPGRADE, Map.of());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> manager.requests().stream().filter(r -> r.equals("GET " + API + "/executions/ex-4")).count() >= 2);
        caller.interrupt();
        caller.join(5000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        List<LoggedRequest> posts = posts();
        assertThat(StubManager.line(posts.get(posts.size() - 1))).isEqualTo("POST " + API + "/executions/ex-4");
        assertBody(posts.get(posts.size() - 1), "{\"action\":\"cancel\"}");
        assertThat(log.lines()).contains("WARN asked the manager to cancel execution ex-4 (execute_operation on shop)");
    }

    @Test
    void unlinkRunsRemoveBackendOnTheLoadBalancerWithTheAppInstancesAddressPortAndDrainTimeout() throws Exception {
        shop.stubNodes(1);
        shop.stubInstances(List.of("1.0"), null, null);
        shop.stubNoEarlierExecutions();
        shop.stubExecution("ex-5", "haproxy_backends.remove_backend", "haproxy_1", "", List.of(), "terminated");
        NodeInstance web1 = deployment.instances().get(1);

        deployment.runTargetRelationshipOperation("web_1", web1.relationships().get(0), UNLINK, Map.of("drain_timeout", 12));

        assertThat(manager.requests()).containsExactly(
                "GET " + API + "/nodes?deployment_id=shop&_include=id,deployment_id,type,type_hierarchy,operations,"
                        + "relationships,number_of_instances&_sort=id&_offset=0&_size=1000",
                "GET " + API + "/node-instances?deployment_id=shop&_include=id,node_id,deployment_id,host_id,state,"
                        + "version,runtime_properties,relationships&_sort=id&_offset=0&_size=1000",
                "GET " + API + "/node-instances/web_1", WATERMARK, POST_EXECUTIONS,
                "GET " + API + "/executions/ex-5", eventsRequest("ex-5", 0), eventsRequest("ex-5", 0));
        assertBody(posts().get(0), "{\"deployment_id\":\"shop\",\"workflow_id\":\"execute_operation\",\"parameters\":"
                + "{\"operation\":\"haproxy_backends.remove_backend\",\"operation_kwargs\":{\"instance_id\":\"web_1\","
                + "\"address\":\"127.0.0.1\",\"port\":8001,\"drain_timeout\":12},\"allow_kwargs_override\":true,"
                + "\"node_instance_ids\":[\"haproxy_1\"]}}");
    }

    @Test
    void establishRunsAddBackendOnTheLoadBalancer() throws Exception {
        shop.stubNodes(1);
        shop.stubInstances(List.of("1.0"), null, null);
        shop.stubNoEarlierExecutions();
        shop.stubExecution("ex-6", "haproxy_backends.add_backend", "haproxy_1", "", List.of(), "terminated");
        NodeInstance web1 = deployment.instances().get(1);

        deployment.runTargetRelationshipOperation("web_1", web1.relationships().get(0), ESTABLISH, Map.of());

        assertBody(posts().get(0), "{\"deployment_id\":\"shop\",\"workflow_id\":\"execute_operation\",\"parameters\":"
                + "{\"operation\":\"haproxy_backends.add_backend\",\"operation_kwargs\":{\"instance_id\":\"web_1\","
                + "\"address\":\"127.0.0.1\",\"port\":8001},\"allow_kwargs_override\":true,"
                + "\"node_instance_ids\":[\"haproxy_1\"]}}");
    }

    @Test
    void anyOtherRelationshipOperationIsRefusedWithoutARequest() {
        RelationshipInstance link = new RelationshipInstance(CloudifyReplies.LB_LINK, CloudifyReplies.LB_LINK_HIERARCHY,
                "haproxy", "haproxy_1");

        assertThatThrownBy(() -> deployment.runTargetRelationshipOperation("web_1", link,
                "cloudify.interfaces.relationship_lifecycle.preconfigure", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relationship operation 'cloudify.interfaces.relationship_lifecycle.preconfigure' cannot be "
                        + "run through the manager's REST API (it runs node operations only); allowed: "
                        + "cloudify.interfaces.relationship_lifecycle.unlink (run as haproxy_backends.remove_backend) and "
                        + "cloudify.interfaces.relationship_lifecycle.establish (run as haproxy_backends.add_backend) on "
                        + "the load balancer");
        assertThat(manager.requests()).isEmpty();
    }

    @Test
    void aLoadBalancerWithoutTheBackendOperationsIsNamedAndNothingIsStarted() {
        manager.server().stubFor(get(urlPathEqualTo(API + "/nodes")).willReturn(json(200, CloudifyReplies.page(List.of(
                CloudifyReplies.node("haproxy", "shop", "cloudify.nodes.LoadBalancer", List.of("cloudify.nodes.Root",
                        "cloudify.nodes.LoadBalancer"), List.of("cloudify.interfaces.lifecycle.start"), 1),
                CloudifyReplies.webappNode("web", "shop", "haproxy", 1)), 0, 1000))));
        shop.stubInstances(List.of("1.0"), null, null);
        NodeInstance web1 = deployment.instances().get(1);

        assertThatThrownBy(() -> deployment.runTargetRelationshipOperation("web_1", web1.relationships().get(0), UNLINK,
                Map.of()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageStartingWith("the load balancer haproxy_1 (node 'haproxy') has no operation "
                        + "haproxy_backends.remove_backend");
        assertThat(posts()).isEmpty();
    }

    @Test
    void runtimePropertiesOfOneInstanceAreReadWithOneRequestForThatInstance() {
        Map<String, Object> steps = Map.of("operation", "upgrade", "steps", List.of(Map.of("step", "install",
                "version", "2.0", "started_at", "2026-03-01T10:00:01Z", "ended_at", "2026-03-01T10:00:02Z", "ok", true)));
        Map<String, Object> props = new java.util.LinkedHashMap<>(Map.of("app_version", "2.0", "last_steps", steps));
        manager.server().stubFor(get(urlPathEqualTo(API + "/node-instances/web_2")).willReturn(json(200,
                CloudifyReplies.json(CloudifyReplies.instance("web_2", "web", "shop", props, 7)))));

        Map<String, Object> read = deployment.runtimeProperties("web_2");

        assertThat(read).containsEntry("app_version", "2.0").containsEntry("last_steps", steps);
        assertThat(manager.requests()).containsExactly("GET " + API + "/node-instances/web_2");
    }

    @Test
    void runtimePropertiesOfAnUnknownInstanceFailWithTheManagersAnswer() {
        manager.server().stubFor(get(urlPathEqualTo(API + "/node-instances/web_9")).willReturn(json(404,
                CloudifyReplies.error("Requested `NodeInstance` with ID `web_9` was not found", "not_found_error"))));

        assertThatThrownBy(() -> deployment.runtimeProperties("web_9"))
                .isInstanceOf(io.webappupgrade.manager.NotFoundException.class)
                .hasMessageContaining("web_9");
    }

    @Test
    void anAppInstanceWithoutAnIpIsNamedAndNothingIsStarted() {
        shop.stubNodes(1);
        Map<String, Object> noIp = CloudifyReplies.instance("web_1", "web", "shop", Map.of("port", 8001), 3);
        manager.server().stubFor(get(urlPathEqualTo(API + "/node-instances/web_1")).willReturn(json(200,
                CloudifyReplies.json(noIp))));
        RelationshipInstance link = new RelationshipInstance(CloudifyReplies.LB_LINK, CloudifyReplies.LB_LINK_HIERARCHY,
                "haproxy", "haproxy_1");

        assertThatThrownBy(() -> deployment.runTargetRelationshipOperation("web_1", link, ESTABLISH, Map.of()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessage("app instance web_1 has no runtime property 'ip' (the address the load balancer reaches it at),"
                        + " so haproxy_backends.add_backend of web_1 on haproxy_1 cannot be run; its configure operation "
                        + "records it");
        assertThat(posts()).isEmpty();
    }

    @Test
    void operationsFromSeveralThreadsRunOneExecutionAtATime() throws Exception {
        shop.stubNoEarlierExecutions();
        for (int n = 1; n <= 3; n++) {
            shop.stubExecution("ex-t" + n, UPGRADE, "web_" + n, "", List.of(), "started", "started", "terminated");
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                String id = "web_" + n;
                calls.add(pool.submit(() -> {
                    deployment.runNodeOperation(id, UPGRADE, Map.of());
                    return null;
                }));
            }
            for (Future<?> f : calls) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Between one POST and the next, only the execution it started is polled, to its end.
        String running = null;
        int polls = 0;
        for (String r : manager.requests()) {
            if (r.equals(POST_EXECUTIONS)) {
                assertThat(running == null || polls == 3).as("previous execution polled to its end").isTrue();
                running = "pending";
                polls = 0;
            } else if (r.startsWith("GET " + API + "/executions/")) {
                String id = r.substring(r.lastIndexOf('/') + 1);
                if (polls == 0) {
                    running = id;
                }
                assertThat(id).isEqualTo(running);
                polls++;
            }
        }
        assertThat(posts()).hasSize(3);
    }
}
