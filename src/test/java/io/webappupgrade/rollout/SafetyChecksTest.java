package io.webappupgrade.rollout;

import static io.webappupgrade.rollout.TestInstances.fleet;
import static io.webappupgrade.rollout.TestInstances.listedFleet;
import static io.webappupgrade.rollout.TestInstances.webapp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's checks before anything leaves the load balancer: min_serving, lb_relationship, the recorded state. */
class SafetyChecksTest {

    private static final String URL = "https://releases.example.com/shop-2.0.tar.gz";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final RolloutJournal journal = new InMemoryRolloutJournal();
    private FakeDeployment fake = new FakeDeployment("shop", clock, listedFleet(2, "1.0"));

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    private RolloutSummary run(Object... more) {
        return new RolloutEngine(fake, journal, new RecordingListener(), clock, clock::advance).run(upgrade(more));
    }

    private static RolloutParameters upgrade(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", "2.0", "url", URL));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return RolloutParameters.forUpgrade(m);
    }

    @Test
    void theOnlyServerThatServesIsNeverTakenOut() {
        fake.markDown("web_2");

        RolloutSummary s = run();

        assertThat(fake.log()).containsExactly("list_servers haproxy_1");
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.REFUSED_MIN_SERVING);
        assertThat(s.exitCode()).isEqualTo(5);
        assertThat(s.message()).isEqualTo("refused to take out batch 1 (web_1): load balancer haproxy_1 would have 0"
                + " server(s) UP and READY besides the batch, fewer than min_serving 1 (not serving: web_2 DOWN/READY)."
                + " Nothing was taken out of the load balancer. Bring the other servers back UP (or lower min_serving),"
                + " then run again with the same parameters");
        assertThat(fake.events()).contains(s.message());
        assertThat(fake.version("web_1")).isEqualTo("1.0");
    }

    @Test
    void aRefusalMidRunKeepsWhatWasDoneAndTheRerunGoesOnOnceServersAreBack() {
        fake = new FakeDeployment("shop", clock, listedFleet(3, "1.0"));
        fake.markDown("web_3");

        RolloutSummary s = run("min_serving", 1);
        assertThat(fake.log()).containsExactly("list_servers haproxy_1", "unlink web_1", "upgrade web_1",
                "establish web_1", "list_servers haproxy_1", "unlink web_2", "upgrade web_2", "establish web_2",
                "list_servers haproxy_1", "unlink web_3", "upgrade web_3", "establish web_3");
        assertThat(s.outcome()).as("one other server UP each time").isEqualTo(RolloutOutcome.SUCCEEDED);

        fake = new FakeDeployment("shop", clock, listedFleet(3, "1.0"));
        fake.markDown("web_3");
        RolloutSummary strict = run("min_serving", 2);
        assertThat(strict.outcome()).isEqualTo(RolloutOutcome.REFUSED_MIN_SERVING);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(journal.load(JournalKey.of("shop", upgrade())).map(JournalState::outOfLoadBalancer)
                .orElse(List.of())).as("nothing is out").isEmpty();
    }

    @Test
    void theServersOfTheBatchItselfDoNotCount() {
        fake = new FakeDeployment("shop", clock, listedFleet(3, "1.0"));

        RolloutSummary s = run("batch_size", 2, "min_serving", 2);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.REFUSED_MIN_SERVING);
        assertThat(s.message()).contains("refused to take out batch 1 (web_1, web_2)")
                .contains("would have 1 server(s) UP and READY besides the batch, fewer than min_serving 2");
        assertThat(fake.log()).containsExactly("list_servers haproxy_1");
    }

    @Test
    void minServingZeroTurnsTheCheckOff() {
        fake.markDown("web_2");

        RolloutSummary s = run("min_serving", 0, "drain_order", "planned");

        assertThat(fake.log()).doesNotContain("list_servers haproxy_1").contains("unlink web_1", "unlink web_2");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    }

    @Test
    void serversThatCannotBeReadRefuseTheBatch() {
        fake.failOn("list_servers haproxy_1", "HAProxy list_servers: the stats socket does not answer");

        RolloutSummary s = run();

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.REFUSED_MIN_SERVING);
        assertThat(s.message()).contains("the servers of load balancer haproxy_1 could not be read (HAProxy"
                + " list_servers: the stats socket does not answer), so min_serving 1 cannot be checked");
        assertThat(fake.log()).containsExactly("list_servers haproxy_1");
    }

    @Test
    void aLoadBalancerWithoutTheListOperationIsNotCheckedAndTheRunSaysSo() {
        fake = new FakeDeployment("shop", clock, fleet(2, "1.0"));

        RolloutSummary s = run();

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.events()).contains("min_serving not checked on haproxy_1: its node has no"
                + " haproxy_backends.list_servers operation");
    }

    @Test
    void theDryRunAndThePlanShowMinServing() {
        RolloutSummary s = run("dry_run", true, "min_serving", 2);

        assertThat(fake.log()).isEmpty();
        assertThat(s.message()).contains("min_serving 2: a batch leaves the load balancer only if at least 2 other"
                + " server(s) stay UP and READY in it");
        assertThat(s.parameters()).containsEntry("min_serving", 2);
    }

    @Test
    void aMisspeltLbRelationshipIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> run("lb_relationship", "webapp_upgrade.relationships.balanced_bi"))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("parameter 'lb_relationship' is 'webapp_upgrade.relationships.balanced_bi': no"
                        + " relationship of this deployment has it in its type hierarchy")
                .hasMessageContaining("did you mean 'webapp_upgrade.relationships.balanced_by'?")
                .hasMessageContaining("none");
        assertThatThrownBy(() -> run("lb_relationship", "acme.relationships.nope", "dry_run", true))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("allowed: cloudify.relationships.connected_to, cloudify.relationships.contained_in");
        assertThat(fake.log()).isEmpty();
    }

    @Test
    void lbRelationshipNoneUpgradesWithoutLoadBalancerStepsOnPurpose() {
        RolloutSummary s = run("lb_relationship", "none");

        assertThat(fake.log()).containsExactly("upgrade web_1", "upgrade web_2");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.instances().get(0).notes()).contains("lb_relationship is none: processed without load-balancer steps");
    }

    @Test
    void theLoadBalancerLinkTypeItselfIsAccepted() {
        assertThat(run("lb_relationship", TestInstances.LB_LINK).outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.log()).contains("unlink web_1", "establish web_2");
    }

    @Test
    void aMissingAddressOrVersionIsRefusedBeforeAnythingIsDrained() {
        List<NodeInstance> instances = new ArrayList<>(listedFleet(2, "1.0"));
        NodeInstance lost = instances.get(2);
        Map<String, Object> props = new LinkedHashMap<>(lost.runtimeProperties());
        props.remove("ip");
        props.put("port", "99999");
        instances.set(2, new NodeInstance(lost.id(), lost.nodeId(), lost.typeHierarchy(), lost.operations(),
                lost.relationships(), props));
        instances.add(webapp("web", "web_3", null, TestInstances.lbLink("haproxy_1")));
        fake = new FakeDeployment("shop", clock, instances);

        assertThatThrownBy(() -> run())
                .isInstanceOf(UnusableStateException.class)
                .hasMessage("the recorded state of deployment shop is not usable, nothing was run or drained:"
                        + " instance web_2: runtime property 'ip' is missing: expected the address the load balancer"
                        + " reaches it at; instance web_2: runtime property 'port' is '99999': expected the port it"
                        + " serves on (1-65535); instance web_3: runtime property 'app_version' is missing: expected"
                        + " the release it serves. Check that the state belongs to this deployment and that its"
                        + " instances were installed");
        assertThat(fake.log()).isEmpty();
    }

    @Test
    void anInstanceWithoutLoadBalancerNeedsNoAddress() {
        NodeInstance worker = webapp("worker", "worker_1", "1.0", TestInstances.hostedOn("vm_1"));
        Map<String, Object> props = new LinkedHashMap<>(worker.runtimeProperties());
        props.remove("ip");
        props.remove("port");
        fake = new FakeDeployment("shop", clock, List.of(new NodeInstance(worker.id(), worker.nodeId(),
                worker.typeHierarchy(), worker.operations(), List.<RelationshipInstance>of(), props)));

        assertThat(run().outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    }
}
