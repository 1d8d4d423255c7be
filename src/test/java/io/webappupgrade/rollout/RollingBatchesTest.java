package io.webappupgrade.rollout;

import static io.webappupgrade.rollout.TestInstances.listedFleet;
import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** batch_mode: rolling takes each next instance as soon as one is back in; lockstep waits for the whole batch. */
class RollingBatchesTest {

    private static final String URL = "https://releases.example.com/shop-2.0.tar.gz";
    private static final long WAIT_NANOS = 5_000_000_000L;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final RecordingListener listener = new RecordingListener();
    private FakeDeployment fake = new FakeDeployment("shop", clock, listedFleet(4, "1.0")).sideBySide();

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    private RolloutSummary run(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", "2.0", "url", URL, "batch_size", 2));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return new RolloutEngine(fake, new InMemoryRolloutJournal(), listener, clock, clock::advance)
                .run(RolloutParameters.forUpgrade(m));
    }

    /** Holds {@code brief} back until {@code awaited} is in the log (or a few seconds passed). */
    private void hold(String brief, String awaited) {
        fake.hook(call -> {
            if (call.brief().equals(brief)) {
                long deadline = System.nanoTime() + WAIT_NANOS;
                while (!fake.log().contains(awaited) && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
            }
        });
    }

    @Test
    void byDefaultTheNextInstanceLeavesAsSoonAsOneIsBackNotWhenTheWholeBatchIs() {
        hold("upgrade web_1", "unlink web_3");

        RolloutSummary s = run();

        assertThat(s.outcome()).as(s.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        List<String> log = fake.log();
        assertThat(log.indexOf("unlink web_3")).as("web_3 leaves while web_1, of the batch before, is still out")
                .isLessThan(log.indexOf("establish web_1"));
        assertThat(fake.maxOutAtOnce()).isEqualTo(2);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(s.instances()).extracting(InstanceReport::instanceId, InstanceReport::batch).containsExactly(
                Tuple.tuple("web_1", 1), Tuple.tuple("web_2", 1), Tuple.tuple("web_3", 2), Tuple.tuple("web_4", 2));
        assertThat(s.instances()).extracting(InstanceReport::status).containsOnly(InstanceStatus.UPGRADED);
        assertThat(s.parameters()).containsEntry("batch_mode", "rolling");
    }

    @Test
    void lockstepWaitsForTheWholeBatchBeforeTheNext() {
        RolloutSummary s = run("batch_mode", "lockstep");

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        List<String> log = fake.log();
        for (String later : List.of("unlink web_3", "unlink web_4")) {
            assertThat(log.indexOf(later)).isGreaterThan(log.indexOf("establish web_1"))
                    .isGreaterThan(log.indexOf("establish web_2"));
        }
    }

    @Test
    void aDelayBetweenBatchesKeepsThemInLockstep() {
        RolloutSummary s = run("delay", 2);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        List<String> log = fake.log();
        assertThat(log.indexOf("unlink web_3")).isGreaterThan(log.indexOf("establish web_1"))
                .isGreaterThan(log.indexOf("establish web_2"));
    }

    @Test
    void neverMoreOutThanABatchHoldsWhenOneSlowInstanceHoldsItsPlace() {
        fake = new FakeDeployment("shop", clock, listedFleet(6, "1.0")).sideBySide();
        // web_1 stays out until web_4 is back in: web_2, web_3 and web_4 pass through the other place meanwhile
        hold("upgrade web_1", "establish web_4");

        RolloutSummary s = run();

        assertThat(s.outcome()).as(s.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.maxOutAtOnce()).isEqualTo(2);
        List<String> log = fake.log();
        assertThat(log.indexOf("establish web_4")).isLessThan(log.indexOf("establish web_1"));
        assertThat(s.instances()).extracting(InstanceReport::instanceId, InstanceReport::batch).containsExactly(
                Tuple.tuple("web_1", 1), Tuple.tuple("web_2", 1), Tuple.tuple("web_3", 2), Tuple.tuple("web_4", 2),
                Tuple.tuple("web_5", 3), Tuple.tuple("web_6", 3));
    }

    @Test
    void aFailureStopsTakingMoreAndThoseOutEndNormally() {
        fake.failOn("upgrade web_1", "the app did not become healthy");
        // web_2 stays out until web_1 has failed and been put back
        hold("establish web_2", "establish web_1");

        RolloutSummary s = run("auto_rollback", false);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.FAILED);
        assertThat(fake.log()).doesNotContain("unlink web_3", "unlink web_4").contains("establish web_2");
        assertThat(s.instance("web_2").orElseThrow().status()).isEqualTo(InstanceStatus.UPGRADED);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
    }

    @Test
    void minServingCountsThoseOutAndWaitsForOneToBeBackInsteadOfRefusing() {
        // web_4 is DOWN and not selected: with min_serving 2, only one of web_1..web_3 may be out at a time
        fake.markDown("web_4");

        RolloutSummary s = run("min_serving", 2, "instance_ids", List.of("web_1", "web_2", "web_3"));

        assertThat(s.outcome()).as(s.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.maxOutAtOnce()).isEqualTo(1);
        assertThat(s.instances()).extracting(InstanceReport::status).containsOnly(InstanceStatus.UPGRADED);
    }

    @Test
    void minServingRefusesWhenNoneIsOutAndNothingMoreLeaves() {
        fake.markDown("web_4");

        RolloutSummary s = run("min_serving", 3, "instance_ids", List.of("web_1", "web_2", "web_3"));

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.REFUSED_MIN_SERVING);
        assertThat(s.exitCode()).isEqualTo(5);
        assertThat(fake.log()).noneMatch(l -> l.startsWith("unlink"));
    }

    @Test
    void aCancelWhileTwoAreOutPutsBothBackAndEndsCancelled() {
        Thread engine = Thread.currentThread();
        fake.hook(call -> {
            if (call.brief().equals("upgrade web_1")) {
                // web_1 is still out when the cancel comes
                long deadline = System.nanoTime() + WAIT_NANOS;
                while (!fake.log().contains("upgrade web_2") && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
            }
            if (call.brief().equals("upgrade web_2")) {
                engine.interrupt();
                throw new InterruptedException();
            }
        });

        RolloutSummary s = run();

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(s.exitCode()).isEqualTo(4);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(fake.log()).doesNotContain("unlink web_3", "unlink web_4");
        assertThat(s.instances()).extracting(InstanceReport::status).doesNotContain(InstanceStatus.LEFT_OUT_OF_LB);
    }

    @Test
    void withAWindowAfterTheCanaryOnlyTheCanaryBatchRunsAloneAndTheRestRolls() {
        fake = new FakeDeployment("shop", clock, listedFleet(6, "1.0")).sideBySide()
                .traffic("1.0", new FakeDeployment.Traffic(10, 0, 20)).traffic("2.0", new FakeDeployment.Traffic(10, 0, 20));
        hold("upgrade web_3", "unlink web_5");

        RolloutSummary s = run("verify_seconds", 30, "verify_canary_only", true);

        assertThat(s.outcome()).as(s.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.analyses()).hasSize(1);
        List<String> log = fake.log();
        assertThat(log.indexOf("unlink web_3")).as("the canary batch is back and watched before anything else leaves")
                .isGreaterThan(log.indexOf("establish web_1")).isGreaterThan(log.indexOf("establish web_2"));
        assertThat(log.indexOf("unlink web_5")).as("then the rest rolls").isLessThan(log.indexOf("establish web_3"));
        assertThat(fake.maxOutAtOnce()).isEqualTo(2);
    }

    @Test
    void batchesRollOnOnlyWhereNothingFollowsAWholeBatch() {
        RolloutParameters rolling = parameters();
        assertThat(rolling.rollsOnAfter(1)).isTrue();
        assertThat(parameters("batch_mode", "lockstep").rollsOnAfter(1)).isFalse();
        assertThat(parameters("delay", 0.5).rollsOnAfter(1)).isFalse();
        assertThat(parameters("verify_seconds", 5).rollsOnAfter(2)).isFalse();
        RolloutParameters canary = parameters("verify_seconds", 5, "verify_canary_only", true);
        assertThat(canary.rollsOnAfter(1)).isFalse();
        assertThat(canary.rollsOnAfter(2)).isTrue();
    }

    @Test
    void thePlanSaysHowBatchesFollowEachOther() {
        assertThat(parameters().batchRule(3, 2)).hasValue("batch_mode rolling: never more than 2 out at once; each next"
                + " instance is taken as soon as one is back in (a batch below: the instances taken 2 at a time)");
        assertThat(parameters().batchRule(3, 1)).as("one per batch: no difference").isEmpty();
        assertThat(parameters().batchRule(1, 4)).isEmpty();
        assertThat(parameters("batch_mode", "lockstep").batchRule(3, 2))
                .hasValue("batch_mode lockstep: each batch starts when the whole batch before it is back in");
        assertThat(parameters("delay", 3).batchRule(3, 2))
                .hasValue("batch_mode rolling runs as lockstep: a delay follows each batch");
        assertThat(parameters("verify_seconds", 5).batchRule(3, 2))
                .hasValue("batch_mode rolling runs as lockstep: a verification window follows each batch");
        assertThat(parameters("verify_seconds", 5, "verify_canary_only", true).batchRule(3, 2)).hasValueSatisfying(
                rule -> assertThat(rule).startsWith("batch_mode rolling: batch 1 alone (its verification window"
                        + " follows it), then never more than 2 out at once"));
    }

    private static RolloutParameters parameters(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", "2.0", "url", URL));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return RolloutParameters.forUpgrade(m);
    }
}
