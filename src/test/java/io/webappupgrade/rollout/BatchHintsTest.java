package io.webappupgrade.rollout;

import static io.webappupgrade.rollout.TestInstances.listedFleet;
import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The engine tells the deployment when a batch starts and when it is done with each instance, and heeds a refusal. */
class BatchHintsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final FakeDeployment fake = new FakeDeployment("shop", clock, listedFleet(4, "1.0"));
    private final List<String> hints = Collections.synchronizedList(new ArrayList<>());

    /** The fake, with the hints recorded and the batch refused when {@code refusal} says so. */
    private Deployment hinted(Function<List<String>, Optional<String>> refusal) {
        return new Deployment() {
            @Override
            public String id() {
                return fake.id();
            }

            @Override
            public List<NodeInstance> instances() {
                return fake.instances();
            }

            @Override
            public Map<String, Object> runtimeProperties(String instanceId) {
                return fake.runtimeProperties(instanceId);
            }

            @Override
            public void runNodeOperation(String instanceId, String operation, Map<String, Object> inputs)
                    throws InterruptedException {
                fake.runNodeOperation(instanceId, operation, inputs);
            }

            @Override
            public void runTargetRelationshipOperation(String sourceInstanceId, RelationshipInstance relationship,
                    String operation, Map<String, Object> inputs) throws InterruptedException {
                fake.runTargetRelationshipOperation(sourceInstanceId, relationship, operation, inputs);
            }

            @Override
            public Optional<String> batchStarting(List<String> instanceIds) {
                hints.add("batch " + instanceIds);
                return refusal.apply(instanceIds);
            }

            @Override
            public void instanceFinished(String instanceId) {
                hints.add("done " + instanceId);
            }

            @Override
            public void publishEvent(String message) {
                fake.publishEvent(message);
            }
        };
    }

    private RolloutSummary run(Deployment deployment, String batchMode) {
        return new RolloutEngine(deployment, new InMemoryRolloutJournal(), new RecordingListener(), clock, clock::advance)
                .run(RolloutParameters.forUpgrade(Map.of("version", "2.0", "url",
                        "https://releases.example.com/shop-2.0.tar.gz", "batch_size", 2, "batch_mode", batchMode)));
    }

    private RolloutSummary run(Deployment deployment) {
        return run(deployment, "lockstep");
    }

    @Test
    void eachBatchIsAnnouncedAndEachOfItsInstancesReportedDone() {
        RolloutSummary s = run(hinted(ids -> Optional.empty()));

        assertThat(s.outcome()).as(s.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(hints.subList(0, 3)).startsWith("batch [web_1, web_2]").containsAll(List.of("done web_1", "done web_2"));
        assertThat(hints.subList(3, 6)).startsWith("batch [web_3, web_4]").containsAll(List.of("done web_3", "done web_4"));
        assertThat(hints).hasSize(6);
    }

    @Test
    void rollingAnnouncesEachInstanceAsItLeavesAndReportsEachDone() {
        RolloutSummary s = run(hinted(ids -> Optional.empty()), "rolling");

        assertThat(s.outcome()).as(s.message()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(hints).filteredOn(h -> h.startsWith("batch ")).containsExactly(
                "batch [web_1]", "batch [web_2]", "batch [web_3]", "batch [web_4]");
        assertThat(hints).filteredOn(h -> h.startsWith("done ")).containsExactlyInAnyOrder(
                "done web_1", "done web_2", "done web_3", "done web_4");
    }

    @Test
    void aBatchTheDeploymentRefusesIsNotTakenOutAndTheRunEndsRefusedWithExit5() {
        RolloutSummary s = run(hinted(ids -> ids.contains("web_3")
                ? Optional.of("refused to start the batch (web_3, web_4): execution exec-9 is active") : Optional.empty()));

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.REFUSED_MIN_SERVING);
        assertThat(s.exitCode()).isEqualTo(5);
        assertThat(s.message()).isEqualTo("refused to start the batch (web_3, web_4): execution exec-9 is active;"
                + " done before: web_1, web_2");
        assertThat(fake.log()).noneMatch(line -> line.contains("web_3") || line.contains("web_4"));
        assertThat(fake.outOfLoadBalancer()).isEmpty();
    }
}
