package io.webappupgrade.rollout;

import static io.webappupgrade.rollout.TestInstances.fleet;
import static io.webappupgrade.rollout.TestInstances.listedFleet;
import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** drain_order: which of the instances still to do each batch takes. */
class DrainOrderTest {

    private static final String URL = "https://releases.example.com/shop-2.0.tar.gz";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final RolloutJournal journal = new InMemoryRolloutJournal();
    private final RecordingListener listener = new RecordingListener();
    private FakeDeployment fake = new FakeDeployment("shop", clock, listedFleet(4, "1.0"));

    private RolloutSummary run(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", "2.0", "url", URL));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return new RolloutEngine(fake, journal, listener, clock, clock::advance).run(RolloutParameters.forUpgrade(m));
    }

    private List<String> unlinked() {
        return fake.log().stream().filter(l -> l.startsWith("unlink ")).map(l -> l.substring("unlink ".length())).toList();
    }

    @Test
    void byDefaultEachBatchTakesTheLeastBusyInstanceStillToDo() {
        fake.sessionsInFlight("web_1", 5).sessionsInFlight("web_3", 2);

        RolloutSummary s = run();

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(unlinked()).containsExactly("web_2", "web_4", "web_3", "web_1");
        assertThat(s.instances()).extracting(InstanceReport::instanceId, InstanceReport::batch).containsExactly(
                Tuple.tuple("web_2", 1), Tuple.tuple("web_4", 2),
                Tuple.tuple("web_3", 3), Tuple.tuple("web_1", 4));
        assertThat(fake.version("web_1")).isEqualTo("2.0");
    }

    @Test
    void aBatchOfTwoTakesTheTwoLeastBusyAndKeepsThePlannedSizes() {
        fake.sessionsInFlight("web_1", 3).sessionsInFlight("web_2", 1).sessionsInFlight("web_4", 2);

        RolloutSummary s = run("batch_size", 2);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(listener.lines()).filteredOn(l -> l.contains(" batch ")).hasSize(2);
        assertThat(s.instances()).filteredOn(i -> i.batch() == 1).extracting(InstanceReport::instanceId)
                .containsExactly("web_2", "web_3");
        assertThat(s.instances()).filteredOn(i -> i.batch() == 2).extracting(InstanceReport::instanceId)
                .containsExactly("web_1", "web_4");
    }

    @Test
    void plannedKeepsThePlansOrderWhateverIsInFlight() {
        fake.sessionsInFlight("web_1", 5).sessionsInFlight("web_3", 2);

        RolloutSummary s = run("drain_order", "planned");

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(unlinked()).containsExactly("web_1", "web_2", "web_3", "web_4");
    }

    @Test
    void oneReadOfTheLoadBalancerPerBatchServesTheOrderAndMinServing() {
        fake.sessionsInFlight("web_1", 5);

        run();

        // 4 batches: each reads haproxy_1 once, for both questions (the last one for min_serving alone)
        assertThat(fake.log()).filteredOn("list_servers haproxy_1"::equals).hasSize(4);
        assertThat(fake.log().indexOf("list_servers haproxy_1")).isLessThan(fake.log().indexOf("unlink web_2"));
    }

    @Test
    void withMinServingOffTheOrderStillReadsButNotWhenTheBatchTakesAllThatIsLeft() {
        fake.sessionsInFlight("web_1", 5).markDown("web_3");

        RolloutSummary s = run("min_serving", 0);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.log()).filteredOn("list_servers haproxy_1"::equals).hasSize(3);
        assertThat(unlinked()).containsExactly("web_2", "web_3", "web_4", "web_1");
    }

    @Test
    void aLoadBalancerThatCannotTellKeepsThePlansOrder() {
        fake = new FakeDeployment("shop", clock, fleet(3, "1.0"));

        RolloutSummary s = run();

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(unlinked()).containsExactly("web_1", "web_2", "web_3");
        assertThat(fake.log()).noneMatch(l -> l.startsWith("list_servers"));
    }

    @Test
    void aFailedReadKeepsThePlansOrderAndMinServingStillRefuses() {
        fake.sessionsInFlight("web_1", 5).failOn("list_servers haproxy_1", "the stats socket does not answer");

        assertThat(run("min_serving", 0).outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(unlinked()).containsExactly("web_1", "web_2", "web_3", "web_4");

        fake = new FakeDeployment("shop", clock, listedFleet(4, "1.0"))
                .failOn("list_servers haproxy_1", "the stats socket does not answer");
        RolloutSummary refused = run();
        assertThat(refused.outcome()).isEqualTo(RolloutOutcome.REFUSED_MIN_SERVING);
        assertThat(unlinked()).isEmpty();
    }

    @Test
    void thePlanSaysHowBatchesAreTaken() {
        RolloutParameters p = RolloutParameters.forUpgrade(Map.of("version", "2.0", "url", URL));

        assertThat(p.orderRule(3)).hasValueSatisfying(rule -> assertThat(rule).startsWith("drain_order fewest_sessions:"));
        assertThat(p.orderRule(1)).isEmpty();
        assertThat(RolloutParameters.forUpgrade(Map.of("version", "2.0", "url", URL, "drain_order", "planned"))
                .orderRule(3)).hasValue("drain_order planned: the batches below, in this order");
    }
}
