package io.webappupgrade.manager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.webappupgrade.manager.CloudifyReplies.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ManagerClientListingTest {

    private static final String INSTANCE_FIELDS =
            "id,node_id,deployment_id,host_id,state,version,runtime_properties,relationships";
    private static final String NODE_FIELDS =
            "id,deployment_id,type,type_hierarchy,operations,relationships,number_of_instances";

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final CapturingLogger log = stub.log();

    private void stubPages(String resource, List<Map<String, Object>> items, int size) {
        for (int offset = 0; offset < Math.max(1, items.size()); offset += size) {
            manager.server().stubFor(get(urlPathEqualTo("/api/v3.1/" + resource))
                    .withQueryParam("_offset", com.github.tomakehurst.wiremock.client.WireMock.equalTo(String.valueOf(offset)))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(page(items, offset, size))));
        }
    }

    private static List<Map<String, Object>> fiveInstances() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            items.add(CloudifyReplies.webappInstance("web_" + i, "web", "shop", "1." + i, 8000 + i, "haproxy_1", "haproxy", i));
        }
        return items;
    }

    @Test
    void readsEveryPageOfNodeInstancesUntilTheTotalWithTenantAndBasicAuthOnEachRequest() {
        stubPages("node-instances", fiveInstances(), 2);

        List<ManagerNodeInstance> instances = stub.client(2).nodeInstances("shop");

        assertThat(instances).extracting(ManagerNodeInstance::id).containsExactly("web_1", "web_2", "web_3", "web_4", "web_5");
        ManagerNodeInstance third = instances.get(2);
        assertThat(third.nodeId()).isEqualTo("web");
        assertThat(third.version()).isEqualTo(3);
        assertThat(third.state()).isEqualTo("started");
        assertThat(third.hostId()).isEqualTo("vm_web_3");
        assertThat(third.runtimeProperties()).containsEntry("app_version", "1.3").containsEntry("port", 8003)
                .containsEntry("notes", null).containsKey("releases");
        assertThat(third.relationships()).containsExactly(
                new ManagerNodeInstance.InstanceRelationship("haproxy_1", "haproxy", CloudifyReplies.LB_LINK));

        assertThat(manager.requests()).containsExactly(
                "GET /api/v3.1/node-instances?deployment_id=shop&_include=" + INSTANCE_FIELDS + "&_sort=id&_offset=0&_size=2",
                "GET /api/v3.1/node-instances?deployment_id=shop&_include=" + INSTANCE_FIELDS + "&_sort=id&_offset=2&_size=2",
                "GET /api/v3.1/node-instances?deployment_id=shop&_include=" + INSTANCE_FIELDS + "&_sort=id&_offset=4&_size=2");
        for (LoggedRequest r : manager.loggedRequests()) {
            assertThat(r.getHeader("Tenant")).isEqualTo(StubManager.TENANT);
            assertThat(r.getHeader("Authorization")).isEqualTo(StubManager.BASIC);
            assertThat(r.getHeader("Accept")).isEqualTo("application/json");
            assertThat(r.containsHeader("Authentication-Token")).isFalse();
            assertThat(r.containsHeader("Content-Type")).isFalse();
            assertThat(r.getBodyAsString()).isEmpty();
        }
    }

    @Test
    void readsNodesWithTypeHierarchyOperationsAndRelationshipsIgnoringFieldsItDoesNotKnow() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(CloudifyReplies.haproxyNode("haproxy", "shop"));
        nodes.add(CloudifyReplies.webappNode("web", "shop", "haproxy", 5));
        nodes.add(CloudifyReplies.node("vm", "shop", "cloudify.nodes.Compute", List.of("cloudify.nodes.Root",
                "cloudify.nodes.Compute"), List.of(), 5));
        stubPages("nodes", nodes, 2);

        List<ManagerNode> read = stub.client(2).nodes("shop");

        assertThat(read).extracting(ManagerNode::id).containsExactly("haproxy", "web", "vm");
        ManagerNode web = read.get(1);
        assertThat(web.type()).isEqualTo("webapp_upgrade.nodes.WebApp");
        assertThat(web.typeHierarchy()).isEqualTo(CloudifyReplies.WEBAPP_HIERARCHY);
        assertThat(web.operations()).contains("webapp_upgrade.upgrade", "upgrade", "webapp_upgrade.rollback",
                "cloudify.interfaces.lifecycle.start");
        assertThat(web.relationships()).containsExactly(new ManagerNode.NodeRelationship("haproxy",
                CloudifyReplies.LB_LINK, CloudifyReplies.LB_LINK_HIERARCHY));
        assertThat(web.numberOfInstances()).isEqualTo(5);
        assertThat(manager.requests()).containsExactly(
                "GET /api/v3.1/nodes?deployment_id=shop&_include=" + NODE_FIELDS + "&_sort=id&_offset=0&_size=2",
                "GET /api/v3.1/nodes?deployment_id=shop&_include=" + NODE_FIELDS + "&_sort=id&_offset=2&_size=2");
    }

    @Test
    void anEmptyListingIsOneRequest() {
        stubPages("node-instances", List.of(), 1000);

        assertThat(stub.client(1000).nodeInstances("empty")).isEmpty();
        assertThat(manager.requests()).hasSize(1);
    }

    @Test
    void aTokenIsSentAsAuthenticationTokenAndNoAuthorizationHeader() {
        stubPages("node-instances", fiveInstances(), 1000);
        ManagerConnection withToken = new ManagerConnection(manager.apiUrl(), "default_tenant",
                Credentials.token("tok-123456"), null, Duration.ofSeconds(2), Duration.ofSeconds(2));

        try (ManagerClient client = new ManagerClient(withToken, StubManager.settings(1000, log))) {
            assertThat(client.nodeInstances("shop")).hasSize(5);
        }

        LoggedRequest r = manager.loggedRequests().get(0);
        assertThat(r.getHeader("Authentication-Token")).isEqualTo("tok-123456");
        assertThat(r.getHeader("Tenant")).isEqualTo("default_tenant");
        assertThat(r.containsHeader("Authorization")).isFalse();
    }

    @Test
    void readsOneNodeInstanceByItsId() {
        Map<String, Object> item = new LinkedHashMap<>(CloudifyReplies.webappInstance("web_7", "web", "shop", "2.0",
                8107, "haproxy_1", "haproxy", 12));
        manager.server().stubFor(get(urlPathEqualTo("/api/v3.1/node-instances/web_7"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(CloudifyReplies.json(item))));

        ManagerNodeInstance read = stub.client(1000).nodeInstance("web_7");

        assertThat(read.version()).isEqualTo(12);
        assertThat(read.runtimeProperties()).containsEntry("ip", "127.0.0.1").containsEntry("port", 8107);
        assertThat(manager.requests()).containsExactly("GET /api/v3.1/node-instances/web_7");
    }
}
