package io.webappupgrade.deployment.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.deployment.DeploymentStatus;
import io.webappupgrade.deployment.DeploymentStatus.AppInstanceStatus;
import io.webappupgrade.deployment.DeploymentStatus.LoadBalancerMembership;
import io.webappupgrade.deployment.DeploymentStatus.Membership;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.manager.CloudifyReplies;
import io.webappupgrade.manager.ManagerClient;
import io.webappupgrade.manager.StubManager;
import io.webappupgrade.manager.StubManagerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeploymentStatusTest {

    @RegisterExtension
    final StubManagerExtension stub = new StubManagerExtension(1000);
    private final StubManager manager = stub.manager();
    private final ManagerClient client = stub.client();

    @Test
    void showsEachWebAppInstancesReleaseAndPlaceInItsLoadBalancerFromTheManagersState() {
        new ShopManager(manager).stubNodes(3);
        List<Map<String, Object>> all = ShopManager.instances(List.of("2.0", "1.0", "1.0"));
        // HAProxy's runtime property as the plugin writes it: web_1 in, web_2 being drained, web_3 not listed
        all.set(0, CloudifyReplies.instance("haproxy_1", "haproxy", "shop", Map.of("backends", Map.of(
                "web_1", Map.of("address", "127.0.0.1", "port", 8001, "enabled", true),
                "web_2", Map.of("address", "127.0.0.1", "port", 8002, "enabled", false))), 9));
        manager.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(ShopManager.API + "/node-instances"))
                .willReturn(ShopManager.json(200, CloudifyReplies.page(all, 0, 1000))));
        RestDeployment deployment = new RestDeployment(client, "shop", RestSettings.standard()
                .withPollInterval(Duration.ofMillis(5)), line -> { });

        List<NodeInstance> instances = deployment.instances();
        DeploymentStatus status = DeploymentStatus.of("shop", instances, "cloudify.relationships.connected_to");

        assertThat(status.instances()).containsExactly(
                new AppInstanceStatus("web_1", "web", "2.0", "", List.of(new LoadBalancerMembership("haproxy_1", Membership.IN))),
                new AppInstanceStatus("web_2", "web", "1.0", "", List.of(new LoadBalancerMembership("haproxy_1", Membership.DISABLED))),
                new AppInstanceStatus("web_3", "web", "1.0", "", List.of(new LoadBalancerMembership("haproxy_1", Membership.OUT))));
        assertThat(status.versions()).containsExactly(Map.entry("1.0", 2L), Map.entry("2.0", 1L));
        assertThat(status.outOfLoadBalancer()).extracting(AppInstanceStatus::instanceId).containsExactly("web_2", "web_3");
        assertThat(DeploymentStatus.of("shop", instances, "some.other.relationship").outOfLoadBalancer()).isEmpty();
    }
}
