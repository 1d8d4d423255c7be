package io.webappupgrade.rollout;

import static io.webappupgrade.rollout.TestInstances.fleet;
import static io.webappupgrade.rollout.TestInstances.webapp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.output.EventStreamListener;
import io.webappupgrade.rollout.record.DelaySpan;
import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.StepSpan;
import io.webappupgrade.rollout.record.Totals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutEngineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String URL = "https://releases.example.com/app-2.0.tar.gz";

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingListener listener = new RecordingListener();
    private final List<Duration> sleeps = new ArrayList<>();
    private RolloutJournal journal = new InMemoryRolloutJournal();
    private FakeDeployment fake = new FakeDeployment("shop", clock, fleet(4, "1.0"));
    private Sleeper sleeper = d -> {
        sleeps.add(d);
        fake.note("sleep " + d.toSeconds() + "s");
        clock.advance(d);
    };

    @AfterEach
    void clearInterruptFlag() {
        // A cancelled run sets the flag again on return; it must not leak into the next test.
        Thread.interrupted();
    }

    private RolloutEngine engine() {
        return new RolloutEngine(fake, journal, listener, clock, sleeper);
    }

    private static RolloutParameters upgrade(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", "2.0", "url", URL));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return RolloutParameters.forUpgrade(m);
    }

    private static List<String> steps(String... instances) {
        List<String> out = new ArrayList<>();
        for (String i : instances) {
            out.addAll(List.of("unlink " + i, "upgrade " + i, "establish " + i));
        }
        return out;
    }

    private static Map<String, InstanceStatus> statuses(RolloutSummary s) {
        Map<String, InstanceStatus> m = new LinkedHashMap<>();
        s.instances().forEach(i -> m.put(i.instanceId(), i.status()));
        return m;
    }

    @Test
    void upgradesFourInstancesOneAtATimeInExactlyThisOrder() {
        RolloutSummary s = engine().run(upgrade("delay", 5, "sha256", "ab".repeat(32), "drain_timeout", 12));

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            expected.addAll(steps("web_" + i));
            if (i < 4) {
                expected.add("sleep 5s");
            }
        }
        assertThat(fake.log()).isEqualTo(expected);
        assertThat(fake.calls()).filteredOn(c -> c.brief().startsWith("unlink")).allSatisfy(c -> {
            assertThat(c.target()).isEqualTo("haproxy_1");
            assertThat(c.inputs()).isEqualTo(Map.of("drain_timeout", 12));
        });
        assertThat(fake.calls()).filteredOn(c -> c.brief().startsWith("upgrade")).allSatisfy(c -> assertThat(c.inputs())
                .isEqualTo(Map.of("version", "2.0", "url", URL, "sha256", "ab".repeat(32))));
        assertThat(fake.calls()).filteredOn(c -> c.brief().startsWith("establish"))
                .allSatisfy(c -> assertThat(c.target()).isEqualTo("haproxy_1"));

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.exitCode()).isZero();
        assertThat(s.message()).isEqualTo("upgraded 4 instance(s) to 2.0: web_1, web_2, web_3, web_4");
        assertThat(statuses(s)).containsOnlyKeys("web_1", "web_2", "web_3", "web_4").containsValue(InstanceStatus.UPGRADED)
                .doesNotContainValue(InstanceStatus.FAILED);
        assertThat(s.instances()).extracting(InstanceReport::fromVersion, InstanceReport::toVersion)
                .containsOnly(tuple("1.0", "2.0"));
        assertThat(List.of("web_1", "web_2", "web_3", "web_4")).allSatisfy(i -> assertThat(fake.version(i)).isEqualTo("2.0"));
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(fake.maxOutAtOnce()).isEqualTo(1);
        assertThat(journal.load(JournalKey.of("shop", upgrade()))).as("journal cleared").isEmpty();
    }

    @Test
    void everyPhaseIsTimedAndReportedToTheListener() {
        fake = new FakeDeployment("shop", clock, fleet(1, "1.0"));

        RolloutSummary s = engine().run(upgrade());

        // The fake takes one second per call.
        assertThat(listener.lines()).containsExactly(
                "2026-03-01T10:00:00Z plan [web_1]",
                "2026-03-01T10:00:00Z batch 1/1",
                "2026-03-01T10:00:00Z start web_1 unlink",
                "2026-03-01T10:00:01Z end web_1 unlink 1000ms",
                "2026-03-01T10:00:01Z start web_1 upgrade",
                "2026-03-01T10:00:02Z end web_1 upgrade 1000ms",
                "2026-03-01T10:00:02Z start web_1 establish",
                "2026-03-01T10:00:03Z end web_1 establish 1000ms",
                "finished web_1 upgraded",
                "2026-03-01T10:00:03Z run succeeded");
        assertThat(s.instances().get(0).phases()).extracting(PhaseSpan::phase, PhaseSpan::target, PhaseSpan::startedAt,
                PhaseSpan::endedAt, PhaseSpan::durationMillis, PhaseSpan::succeeded).containsExactly(
                tuple(Phase.UNLINK, "haproxy_1", T0, T0.plusSeconds(1), 1000L, true),
                tuple(Phase.UPGRADE, null, T0.plusSeconds(1), T0.plusSeconds(2), 1000L, true),
                tuple(Phase.ESTABLISH, "haproxy_1", T0.plusSeconds(2), T0.plusSeconds(3), 1000L, true));
        assertThat(s.durationMillis()).isEqualTo(3000);
    }

    @Test
    void theUpgradePhaseCarriesTheOperationsOwnStepsAndTheJsonKeepsThem() {
        fake = new FakeDeployment("shop", clock, fleet(1, "1.0"));

        RolloutSummary s = engine().run(upgrade());

        List<PhaseSpan> phases = s.instances().get(0).phases();
        assertThat(phases.get(0).steps()).as("unlink has no steps").isEmpty();
        assertThat(phases.get(2).steps()).as("establish has no steps").isEmpty();
        Instant at = T0.plusSeconds(1);
        assertThat(phases.get(1).steps()).containsExactly(
                new StepSpan("install", "2.0", at, at.plusMillis(400), 400, true),
                new StepSpan("stop", "1.0", at.plusMillis(400), at.plusMillis(500), 100, true),
                new StepSpan("start", "2.0", at.plusMillis(500), at.plusMillis(600), 100, true),
                new StepSpan("health", "2.0", at.plusMillis(600), at.plusMillis(1000), 400, true));

        String json = s.toJson();
        assertThat(json).contains("\"steps\"", "\"started_at\" : \"2026-03-01T10:00:01.400Z\"", "\"duration_millis\" : 400");
        assertThat(RolloutSummary.fromJson(json)).isEqualTo(s);
    }

    @Test
    void aFailedUpgradeAndTheRollbacksAfterItCarryTheirSteps() {
        fake.failOn("upgrade web_2", "health check failed: HTTP 503 from /health");

        RolloutSummary s = engine().run(upgrade("max_failures", 0));

        PhaseSpan failed = s.instance("web_2").orElseThrow().phases().get(1);
        assertThat(failed.phase()).isEqualTo(Phase.UPGRADE);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.steps()).extracting(StepSpan::step, StepSpan::version, StepSpan::succeeded).containsExactly(
                tuple("install", "2.0", true), tuple("stop", "1.0", true), tuple("start", "2.0", true),
                tuple("health", "2.0", false));
        PhaseSpan rollback = s.instance("web_1").orElseThrow().phases().get(4);
        assertThat(rollback.phase()).isEqualTo(Phase.ROLLBACK);
        assertThat(rollback.steps()).extracting(StepSpan::step, StepSpan::version, StepSpan::succeeded).containsExactly(
                tuple("stop", "2.0", true), tuple("start", "1.0", true), tuple("health", "1.0", true));
        assertThat(rollback.steps()).allSatisfy(step -> assertThat(step.startedAt())
                .isAfterOrEqualTo(rollback.startedAt()).isBefore(rollback.endedAt()));
    }

    @Test
    void stepsLeftByAnEarlierRunOrAnotherOperationAreNotAttached() {
        fake = new FakeDeployment("shop", clock, fleet(2, "1.0")).withoutSteps();
        Map<String, Object> earlier = Map.of("operation", "upgrade", "steps", List.of(Map.of("step", "install",
                "version", "2.0", "started_at", "2026-02-28T10:00:00Z", "ended_at", "2026-02-28T10:00:01Z", "ok", true)));
        fake.setRuntimeProperty("web_1", "last_steps", earlier);
        Map<String, Object> rollbackNow = Map.of("operation", "rollback", "steps", List.of(Map.of("step", "stop",
                "version", "1.0", "started_at", "2026-03-01T10:00:04.100Z", "ended_at", "2026-03-01T10:00:04.200Z",
                "ok", true)));
        fake.setRuntimeProperty("web_2", "last_steps", rollbackNow);

        RolloutSummary s = engine().run(upgrade());

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.instances()).flatExtracting(InstanceReport::phases).flatExtracting(PhaseSpan::steps).isEmpty();
    }

    @Test
    void stepsThatCannotBeReadAreLeftOutAndTheRunGoesOn() {
        fake = new FakeDeployment("shop", clock, fleet(1, "1.0")).unreadableRuntimeProperties();

        RolloutSummary s = engine().run(upgrade());

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.instances().get(0).phases()).extracting(PhaseSpan::phase, p -> p.steps().size())
                .containsExactly(tuple(Phase.UNLINK, 0), tuple(Phase.UPGRADE, 0), tuple(Phase.ESTABLISH, 0));
    }

    @Test
    void aSummaryWrittenBeforeStepsWereRecordedReadsWithNoSteps() throws Exception {
        fake = new FakeDeployment("shop", clock, fleet(1, "1.0"));
        RolloutSummary s = engine().run(upgrade());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(s.toJson());
        for (JsonNode phase : root.path("instances").get(0).path("phases")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) phase).remove("steps");
        }

        RolloutSummary old = RolloutSummary.fromJson(mapper.writeValueAsString(root));

        assertThat(old.instances().get(0).phases()).allSatisfy(p -> assertThat(p.steps()).isEmpty());
        assertThat(old.instances().get(0).phases()).extracting(PhaseSpan::phase)
                .containsExactly(Phase.UNLINK, Phase.UPGRADE, Phase.ESTABLISH);
    }

    @Test
    void aBatchOfTwoRunsInParallelAndNeverHasMoreThanTwoOutOfTheLoadBalancer() {
        // Both upgrades of a batch must be in flight together to pass this barrier: proves the parallelism.
        CyclicBarrier bothUpgrading = new CyclicBarrier(2);
        fake.hook(call -> {
            if (call.brief().startsWith("upgrade")) {
                try {
                    bothUpgrading.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the two upgrades of a batch did not run together", e);
                }
            }
        });

        RolloutSummary s = engine().run(upgrade("batch_size", 2, "delay", 3));

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.maxOutAtOnce()).isEqualTo(2);
        List<String> log = fake.log();
        assertThat(log).hasSize(13);
        assertThat(log.subList(0, 6)).containsExactlyInAnyOrderElementsOf(steps("web_1", "web_2"));
        assertThat(log.get(6)).isEqualTo("sleep 3s");
        assertThat(log.subList(7, 13)).containsExactlyInAnyOrderElementsOf(steps("web_3", "web_4"));
        for (String i : List.of("web_1", "web_2", "web_3", "web_4")) {
            assertThat(log.indexOf("unlink " + i)).isLessThan(log.indexOf("upgrade " + i));
            assertThat(log.indexOf("upgrade " + i)).isLessThan(log.indexOf("establish " + i));
        }
        assertThat(fake.calls()).filteredOn(c -> c.brief().startsWith("upgrade")).extracting(FakeDeployment.Call::thread)
                .doesNotHaveDuplicates();
        assertThat(s.instances()).extracting(InstanceReport::batch).containsExactly(1, 1, 2, 2);
    }

    @Test
    void delayIsAppliedBetweenBatchesNotAfterTheLast() {
        fake = new FakeDeployment("shop", clock, fleet(5, "1.0"));

        RolloutSummary s = engine().run(upgrade("batch_size", 2, "pause", 10));

        assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        List<String> log = fake.log();
        assertThat(log.get(log.size() - 1)).isEqualTo("establish web_5");
        assertThat(log.indexOf("sleep 10s")).isEqualTo(6);
        assertThat(log.lastIndexOf("sleep 10s")).isEqualTo(13);
        assertThat(s.delays()).extracting(DelaySpan::afterBatch, DelaySpan::durationMillis, DelaySpan::plannedMillis)
                .containsExactly(tuple(1, 10_000L, 10_000L), tuple(2, 10_000L, 10_000L));
    }

    @Test
    void noDelayWhenThereIsOnlyOneBatch() {
        engine().run(upgrade("batch_size", "100%", "delay", 60));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void failureOfTheThirdRollsBackTheFirstTwoNewestFirstAndPutsEveryInstanceBack() {
        fake.failOn("upgrade web_3", "health check failed: HTTP 503 from /health");

        RolloutSummary s = engine().run(upgrade("max_failures", 0));

        List<String> expected = new ArrayList<>(steps("web_1", "web_2", "web_3"));
        expected.addAll(List.of("unlink web_2", "rollback web_2", "establish web_2",
                "unlink web_1", "rollback web_1", "establish web_1"));
        assertThat(fake.log()).isEqualTo(expected);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(List.of("web_1", "web_2", "web_3", "web_4")).allSatisfy(i -> assertThat(fake.version(i)).isEqualTo("1.0"));

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(statuses(s)).containsExactly(
                Map.entry("web_1", InstanceStatus.ROLLED_BACK), Map.entry("web_2", InstanceStatus.ROLLED_BACK),
                Map.entry("web_3", InstanceStatus.FAILED), Map.entry("web_4", InstanceStatus.NOT_STARTED));
        assertThat(s.instance("web_3").orElseThrow().error())
                .isEqualTo("upgrade failed: health check failed: HTTP 503 from /health");
        assertThat(s.instance("web_1").orElseThrow().phases()).extracting(PhaseSpan::phase).containsExactly(
                Phase.UNLINK, Phase.UPGRADE, Phase.ESTABLISH, Phase.UNLINK, Phase.ROLLBACK, Phase.ESTABLISH);
        assertThat(s.message()).isEqualTo("stopped after 1 failure(s) (max_failures 0): web_3 (upgrade failed:"
                + " health check failed: HTTP 503 from /health); rolled back: web_1, web_2");
        assertThat(listener.lines()).contains("2026-03-01T10:00:09Z rollback [web_2, web_1]");
        assertThat(s.totals()).isEqualTo(new Totals(4, 0, 0, 1, 2, 0, 0, 1, 0));
        assertThat(journal.load(JournalKey.of("shop", upgrade()))).isEmpty();
    }

    @Test
    void withoutAutoRollbackTheRunStopsAndLeavesUpgradedInstancesUpgraded() {
        fake.failOn("upgrade web_2", "archive checksum mismatch");

        RolloutSummary s = engine().run(upgrade("auto_rollback", false));

        assertThat(fake.log()).isEqualTo(steps("web_1", "web_2"));
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.FAILED);
        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(statuses(s)).containsExactly(Map.entry("web_1", InstanceStatus.UPGRADED),
                Map.entry("web_2", InstanceStatus.FAILED), Map.entry("web_3", InstanceStatus.NOT_STARTED),
                Map.entry("web_4", InstanceStatus.NOT_STARTED));
        assertThat(s.message()).endsWith("auto_rollback is off: upgraded instances stay upgraded");
    }

    @Test
    void failuresWithinMaxFailuresLetTheRunFinish() {
        fake.failOn("upgrade web_2", "restart failed");

        RolloutSummary s = engine().run(upgrade("max_failures", 1));

        assertThat(fake.log()).isEqualTo(steps("web_1", "web_2", "web_3", "web_4"));
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED_WITH_FAILURES);
        assertThat(s.exitCode()).isZero();
        assertThat(statuses(s).get("web_2")).isEqualTo(InstanceStatus.FAILED);
        assertThat(s.totals().upgraded()).isEqualTo(3);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
    }

    @Test
    void aFailedUnlinkPutsTheInstanceBackAndCountsAsAFailure() {
        fake.failOn("unlink web_1", "drain timed out after 30s: 3 sessions left");

        RolloutSummary s = engine().run(upgrade("auto_rollback", false));

        assertThat(fake.log()).containsExactly("unlink web_1", "establish web_1");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.FAILED);
        assertThat(s.instance("web_1").orElseThrow().error())
                .isEqualTo("unlink from haproxy_1 failed: drain timed out after 30s: 3 sessions left");
        assertThat(fake.version("web_1")).isEqualTo("1.0");
    }

    @Test
    void aFailedEstablishIsReportedAsLeftOutOfTheLoadBalancerWithExitCode3() {
        fake.failOn("establish web_2", "haproxy runtime API: connection refused");

        RolloutSummary s = engine().run(upgrade());

        assertThat(fake.log()).as("nothing else is taken out").isEqualTo(steps("web_1", "web_2"));
        assertThat(fake.outOfLoadBalancer()).containsExactly("web_2");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.LEFT_OUT_OF_LB);
        assertThat(s.exitCode()).isEqualTo(3);
        InstanceReport web2 = s.instance("web_2").orElseThrow();
        assertThat(web2.status()).isEqualTo(InstanceStatus.LEFT_OUT_OF_LB);
        assertThat(web2.error()).isEqualTo("establish in haproxy_1 failed, so web_2 is OUT of that load balancer:"
                + " haproxy runtime API: connection refused");
        assertThat(s.message()).startsWith("OUT OF THE LOAD BALANCER: web_2 (establish in haproxy_1 failed")
                .endsWith("re-run with the same parameters: the re-run puts it back first");
        assertThat(journal.load(JournalKey.of("shop", upgrade())).orElseThrow().outOfLoadBalancer())
                .containsExactly("web_2");
        assertThat(listener.lines()).contains("failed web_2 left_out_of_lb");

        // Once the load balancer answers again, the same run resumes: web_2 first goes back in.
        fake.stopFailing("establish web_2");
        int before = fake.log().size();
        RolloutSummary again = engine().run(upgrade());

        List<String> expected = new ArrayList<>(List.of("start web_2", "establish web_2"));
        expected.addAll(steps("web_3", "web_4"));
        assertThat(fake.log().subList(before, fake.log().size())).isEqualTo(expected);
        assertThat(again.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(journal.load(JournalKey.of("shop", upgrade()))).isEmpty();
    }

    @Test
    void aFailedEstablishAfterAFailedUpgradeNamesBothAndStopsWithoutRollingBack() {
        fake.failOn("upgrade web_2", "unpack failed").failOn("establish web_2", "socket closed");

        RolloutSummary s = engine().run(upgrade());

        assertThat(fake.log()).isEqualTo(steps("web_1", "web_2"));
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.instance("web_2").orElseThrow().error()).isEqualTo("upgrade failed: unpack failed; establish in"
                + " haproxy_1 failed, so web_2 is OUT of that load balancer: socket closed");
        assertThat(statuses(s).get("web_1")).as("not rolled back while web_2 is out").isEqualTo(InstanceStatus.UPGRADED);
    }

    @Test
    void aResumeWhoseAppDoesNotStartAgainLeavesItOutAndTouchesNothingElse() {
        RolloutParameters p = upgrade();
        journal.save(JournalKey.of("shop", p), new JournalState(List.of("web_3"), List.of("web_1", "web_2"), List.of()));
        fake = new FakeDeployment("shop", clock, List.of(TestInstances.haproxy("haproxy_1"),
                webapp("web", "web_1", "2.0", TestInstances.lbLink("haproxy_1")),
                webapp("web", "web_2", "2.0", TestInstances.lbLink("haproxy_1")),
                webapp("web", "web_3", "1.0", TestInstances.lbLink("haproxy_1")),
                webapp("web", "web_4", "1.0", TestInstances.lbLink("haproxy_1"))));
        fake.failOn("start web_3", "release 1.0 of app instance web_3 did not start: port 9000 is already in use");

        RolloutSummary s = engine().run(p);

        assertThat(fake.log()).containsExactly("start web_3");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.LEFT_OUT_OF_LB);
        assertThat(s.instance("web_3").orElseThrow().error())
                .contains("its app did not start again, so it was not put back in the load balancer: release 1.0")
                .contains("a re-run with the same parameters puts it back");
        assertThat(journal.load(JournalKey.of("shop", p)).orElseThrow().outOfLoadBalancer()).containsExactly("web_3");
    }

    @Test
    void resumePutsBackWhatTheJournalSaysIsOutBeforeAnythingElse() {
        RolloutParameters p = upgrade();
        journal.save(JournalKey.of("shop", p), new JournalState(List.of("web_3"), List.of("web_1", "web_2"), List.of()));
        fake = new FakeDeployment("shop", clock, List.of(TestInstances.haproxy("haproxy_1"),
                webapp("web", "web_1", "2.0", TestInstances.lbLink("haproxy_1")),
                webapp("web", "web_2", "2.0", TestInstances.lbLink("haproxy_1")),
                webapp("web", "web_3", "1.0", TestInstances.lbLink("haproxy_1")),
                webapp("web", "web_4", "1.0", TestInstances.lbLink("haproxy_1"))));

        RolloutSummary s = engine().run(p);

        List<String> expected = new ArrayList<>(List.of("start web_3", "establish web_3"));
        expected.addAll(steps("web_3", "web_4"));
        assertThat(fake.log()).isEqualTo(expected);
        assertThat(listener.lines()).contains("2026-03-01T10:00:00Z put back web_3");
        assertThat(s.instance("web_3").orElseThrow().notes())
                .contains("left out of the load balancer by an interrupted run: put back before anything else");
        assertThat(statuses(s)).containsEntry("web_1", InstanceStatus.SKIPPED).containsEntry("web_3", InstanceStatus.UPGRADED);
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    }

    @Test
    void aRunKilledHalfWayResumesFromItsJournalFile(@TempDir Path dir) {
        journal = new FileRolloutJournal(dir);
        fake.hook(call -> {
            if (call.brief().equals("upgrade web_3")) {
                throw new SimulatedCrash();
            }
        });
        assertThatThrownBy(() -> engine().run(upgrade())).isInstanceOf(SimulatedCrash.class);
        assertThat(fake.outOfLoadBalancer()).containsExactly("web_3");

        // A new process: new engine, new journal object over the same directory.
        fake.hook(call -> { });
        journal = new FileRolloutJournal(dir);
        int before = fake.log().size();
        RolloutSummary s = engine().run(upgrade());

        List<String> expected = new ArrayList<>(List.of("start web_3", "establish web_3"));
        expected.addAll(steps("web_3", "web_4"));
        assertThat(fake.log().subList(before, fake.log().size())).isEqualTo(expected);
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.instance("web_3").orElseThrow().phases()).extracting(PhaseSpan::phase)
                .containsExactly(Phase.ESTABLISH, Phase.UNLINK, Phase.UPGRADE, Phase.ESTABLISH);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void autoRollbackAfterResumeIncludesWhatTheRunUpgradedBeforeTheCrash() {
        RolloutParameters p = upgrade();
        // The first part of this run upgraded web_1 (journal), then the process died.
        engine().run(upgrade("instance_ids", "web_1"));
        journal.save(JournalKey.of("shop", p), new JournalState(List.of(), List.of("web_1"), List.of()));
        fake.failOn("upgrade web_3", "boom");
        int before = fake.log().size();

        RolloutSummary s = engine().run(p);

        assertThat(fake.log().subList(before, fake.log().size())).containsExactly(
                "unlink web_2", "upgrade web_2", "establish web_2", "unlink web_3", "upgrade web_3", "establish web_3",
                "unlink web_2", "rollback web_2", "establish web_2", "unlink web_1", "rollback web_1", "establish web_1");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
    }

    @Test
    void dryRunReturnsThePlanAndCallsNothing() {
        RolloutParameters p = upgrade("dry_run", true, "percentage", 50, "batch_size", 2);
        journal.save(JournalKey.of("shop", p), new JournalState(List.of("web_4"), List.of(), List.of()));
        RolloutSummary s = new RolloutEngine(fake, journal, RolloutListener.all(listener, new EventStreamListener(fake)),
                clock, sleeper).run(p);

        assertThat(fake.calls()).isEmpty();
        assertThat(sleeps).isEmpty();
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.DRY_RUN);
        assertThat(s.exitCode()).isZero();
        assertThat(statuses(s)).containsExactly(Map.entry("web_1", InstanceStatus.PLANNED),
                Map.entry("web_2", InstanceStatus.PLANNED), Map.entry("web_3", InstanceStatus.SKIPPED),
                Map.entry("web_4", InstanceStatus.SKIPPED));
        assertThat(s.message()).isEqualTo("dry run: would first put back in the load balancer web_4, then upgrade"
                + " 2 instance(s) to 2.0 in 1 batch(es): web_1, web_2; min_serving 1: a batch leaves the load balancer"
                + " only if at least 1 other server(s) stay UP and READY in it; nothing was called");
        assertThat(journal.load(JournalKey.of("shop", p)).orElseThrow().outOfLoadBalancer())
                .as("journal untouched").containsExactly("web_4");
        assertThat(fake.events()).first().asString().startsWith("plan: upgrade to 2.0: 2 of 4 candidate instance(s)");
    }

    @Test
    void nothingToDoWhenEveryInstanceIsAlreadyThere() {
        fake = new FakeDeployment("shop", clock, fleet(3, "2.0.0"));

        RolloutSummary s = engine().run(upgrade());

        assertThat(fake.calls()).isEmpty();
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.NOTHING_TO_DO);
        assertThat(s.exitCode()).isZero();
        assertThat(s.instances()).allSatisfy(i -> assertThat(i.notes()).containsExactly("already at 2.0.0, at or above 2.0"));
    }

    @Test
    void anInstanceWithoutALoadBalancerLinkIsUpgradedWithoutLbSteps() {
        fake = new FakeDeployment("shop", clock, List.of(webapp("worker", "worker_1", "1.0",
                TestInstances.hostedOn("vm_1"))));

        RolloutSummary s = engine().run(upgrade());

        assertThat(fake.log()).containsExactly("upgrade worker_1");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.instances().get(0).notes()).singleElement().asString().startsWith("no load-balancer relationship");
    }

    @Test
    void interruptedDuringADelayTheRunIsCancelledAndResumesLater() {
        sleeper = d -> {
            throw new InterruptedException("ctrl-c");
        };

        RolloutSummary s = engine().run(upgrade("delay", 30));

        assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
        Thread.interrupted();
        assertThat(fake.log()).isEqualTo(steps("web_1"));
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(s.exitCode()).isEqualTo(4);
        assertThat(journal.load(JournalKey.of("shop", upgrade())).orElseThrow().completed()).containsExactly("web_1");

        sleeper = d -> clock.advance(d);
        int before = fake.log().size();
        RolloutSummary again = engine().run(upgrade("delay", 30));
        assertThat(fake.log().subList(before, fake.log().size())).isEqualTo(steps("web_2", "web_3", "web_4"));
        assertThat(again.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    }

    @Test
    void interruptedDuringAnUpgradeTheInstanceIsPutBackAndTheRunEndsCancelled() {
        fake.hook(call -> {
            if (call.brief().equals("upgrade web_2")) {
                throw new InterruptedException();
            }
        });

        RolloutSummary s = engine().run(upgrade());

        assertThat(Thread.interrupted()).isTrue();
        assertThat(fake.log()).containsExactly("unlink web_1", "upgrade web_1", "establish web_1", "unlink web_2",
                "upgrade web_2", "establish web_2");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(s.exitCode()).isEqualTo(4);
        assertThat(s.instance("web_2").orElseThrow().status()).isEqualTo(InstanceStatus.INTERRUPTED);
        assertThat(s.instance("web_2").orElseThrow().error())
                .isEqualTo("run interrupted during upgrade; put back in the load balancer");
        assertThat(s.instance("web_2").orElseThrow().phases()).extracting(PhaseSpan::phase)
                .containsExactly(Phase.UNLINK, Phase.UPGRADE, Phase.ESTABLISH);
        assertThat(s.instance("web_2").orElseThrow().phases().get(1).error()).isEqualTo("interrupted");
        assertThat(s.message()).startsWith("interrupted (web_2 (run interrupted during upgrade; put back in the load"
                + " balancer)); every instance is back in the load balancer");
        JournalState journaled = journal.load(JournalKey.of("shop", upgrade())).orElseThrow();
        assertThat(journaled.outOfLoadBalancer()).isEmpty();
        assertThat(journaled.completed()).containsExactly("web_1");
        assertThat(journaled.failed()).as("an interrupted instance is picked again by the re-run").isEmpty();

        int before = fake.log().size();
        fake.hook(call -> { });
        RolloutSummary again = engine().run(upgrade());
        assertThat(fake.log().subList(before, fake.log().size())).isEqualTo(steps("web_2", "web_3", "web_4"));
        assertThat(again.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    }

    @Test
    void anInProcessOperationStoppedByTheInterruptionAlsoEndsTheRunCancelledWithTheInstanceBack() {
        // Local mode: the drain notices the interrupt, cancels itself and fails; the interrupt flag stays set.
        fake.hook(call -> {
            if (call.brief().equals("unlink web_1")) {
                Thread.currentThread().interrupt();
                throw new OperationFailedException("the drain of server web_1 was interrupted; the drain was cancelled");
            }
        });

        RolloutSummary s = engine().run(upgrade());

        assertThat(Thread.interrupted()).isTrue();
        assertThat(fake.log()).containsExactly("unlink web_1", "establish web_1");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
        assertThat(s.instance("web_1").orElseThrow().status()).isEqualTo(InstanceStatus.INTERRUPTED);
        assertThat(s.instance("web_1").orElseThrow().phases().get(0).error())
                .startsWith("interrupted: the drain of server web_1 was interrupted");
    }

    @Test
    void interruptingABatchStopsItsParallelWorkersAndPutsBothBack() throws Exception {
        CyclicBarrier bothUpgrading = new CyclicBarrier(3);
        fake.hook(call -> {
            if (call.brief().startsWith("upgrade")) {
                try {
                    bothUpgrading.await(10, TimeUnit.SECONDS);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new AssertionError(e);
                }
                Thread.sleep(10_000); // an operation that takes long; the interruption cuts it short
            }
        });
        Thread runner = Thread.currentThread();
        Thread canceller = new Thread(() -> {
            try {
                bothUpgrading.await(10, TimeUnit.SECONDS);
                runner.interrupt();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        canceller.start();
        try {
            RolloutSummary s = engine().run(upgrade("batch_size", 2));

            assertThat(Thread.interrupted()).isTrue();
            assertThat(s.outcome()).isEqualTo(RolloutOutcome.CANCELLED);
            assertThat(statuses(s)).containsExactly(Map.entry("web_1", InstanceStatus.INTERRUPTED),
                    Map.entry("web_2", InstanceStatus.INTERRUPTED), Map.entry("web_3", InstanceStatus.NOT_STARTED),
                    Map.entry("web_4", InstanceStatus.NOT_STARTED));
            assertThat(fake.log()).contains("establish web_1", "establish web_2");
            assertThat(journal.load(JournalKey.of("shop", upgrade())).orElseThrow().outOfLoadBalancer()).isEmpty();
            assertThat(s.durationMillis()).isLessThan(60_000);
        } finally {
            canceller.join(15_000);
        }
    }

    /** The fleet of {@link TestInstances#fleet}, its web nodes also mapping {@code webapp_upgrade.prepare}. */
    private static List<NodeInstance> preparingFleet(int count, String version) {
        return fleet(count, version).stream().map(i -> {
            if (!i.nodeId().equals("web")) {
                return i;
            }
            Set<String> operations = new HashSet<>(i.operations());
            operations.add(DeploymentOperations.PREPARE);
            return new NodeInstance(i.id(), i.nodeId(), i.typeHierarchy(), operations, i.relationships(),
                    i.runtimeProperties());
        }).toList();
    }

    @Test
    void aNodeWithPrepareFetchesTheReleaseBeforeItsInstanceLeavesTheLoadBalancer() {
        fake = new FakeDeployment("shop", clock, preparingFleet(2, "1.0"));

        RolloutSummary s = engine().run(upgrade("sha256", "ab".repeat(32)));

        assertThat(fake.log()).containsExactly("prepare web_1", "unlink web_1", "upgrade web_1", "establish web_1",
                "prepare web_2", "unlink web_2", "upgrade web_2", "establish web_2");
        assertThat(fake.calls()).filteredOn(c -> c.brief().startsWith("prepare")).allSatisfy(c -> assertThat(c.inputs())
                .isEqualTo(Map.of("version", "2.0", "url", URL, "sha256", "ab".repeat(32))));
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.instance("web_1").orElseThrow().phases()).extracting(PhaseSpan::phase)
                .containsExactly(Phase.PREPARE, Phase.UNLINK, Phase.UPGRADE, Phase.ESTABLISH);
        assertThat(listener.lines()).anyMatch(l -> l.contains("web_1") && l.contains("prepare"));
    }

    @Test
    void aFailedPrepareFailsTheInstanceWithoutEverUnlinkingItAndCountsAsAFailure() {
        fake = new FakeDeployment("shop", clock, preparingFleet(3, "1.0"));
        fake.failOn("prepare web_2", "the server answered HTTP 404 for release archive " + URL);

        RolloutSummary s = engine().run(upgrade("max_failures", 0));

        assertThat(fake.log()).containsExactly("prepare web_1", "unlink web_1", "upgrade web_1", "establish web_1",
                "prepare web_2",
                "unlink web_1", "rollback web_1", "establish web_1");
        assertThat(statuses(s)).containsEntry("web_2", InstanceStatus.FAILED)
                .containsEntry("web_3", InstanceStatus.NOT_STARTED);
        assertThat(s.instance("web_2").orElseThrow().error())
                .startsWith("prepare failed, so web_2 was never taken out of the load balancer: ")
                .contains("HTTP 404");
        assertThat(s.instance("web_2").orElseThrow().phases()).extracting(PhaseSpan::phase)
                .containsExactly(Phase.PREPARE);
        assertThat(s.message()).contains("stopped after 1 failure(s) (max_failures 0)");
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(fake.version("web_2")).isEqualTo("1.0");
    }

    @Test
    void theNextBatchIsPreparedWhileTheCurrentOneIsOutOfTheLoadBalancer() {
        fake = new FakeDeployment("shop", clock, preparingFleet(3, "1.0")).sideBySide();
        fake.hook(call -> {
            String next = Map.of("upgrade web_1", "prepare web_2", "upgrade web_2", "prepare web_3").get(call.brief());
            if (next != null) {
                // each instance stays out until the next one's release is being fetched beside it
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!fake.log().contains(next) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
        });

        RolloutSummary s = engine().run(upgrade());

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        List<String> log = fake.log();
        assertThat(log.indexOf("prepare web_2")).isLessThan(log.indexOf("establish web_1"));
        assertThat(log.indexOf("prepare web_3")).isLessThan(log.indexOf("establish web_2"));
        assertThat(log).filteredOn(l -> l.startsWith("prepare")).containsExactlyInAnyOrder(
                "prepare web_1", "prepare web_2", "prepare web_3");
        assertThat(fake.calls()).filteredOn(c -> c.brief().equals("prepare web_2"))
                .extracting(FakeDeployment.Call::thread).containsExactly("prepare-ahead");
        assertThat(s.instance("web_2").orElseThrow().phases()).extracting(PhaseSpan::phase)
                .containsExactly(Phase.PREPARE, Phase.UNLINK, Phase.UPGRADE, Phase.ESTABLISH);
        assertThat(fake.maxOutAtOnce()).isEqualTo(1);
    }

    @Test
    void noPreparationAheadRunsWhileTheInstanceTakenPreparesInItsTurn() {
        fake = new FakeDeployment("shop", clock, preparingFleet(3, "1.0")).sideBySide();
        AtomicBoolean aheadDuringOwn = new AtomicBoolean();
        fake.hook(call -> {
            if (call.brief().equals("prepare web_1")) {
                // web_1 is about to leave the load balancer and waits for its own preparation
                long deadline = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < deadline) {
                    if (fake.log().contains("prepare web_2")) {
                        aheadDuringOwn.set(true);
                    }
                    Thread.sleep(5);
                }
            }
        });

        RolloutSummary s = engine().run(upgrade());

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(aheadDuringOwn).as("web_2 prepared ahead while web_1 prepared in its turn").isFalse();
        assertThat(fake.calls()).filteredOn(c -> c.brief().equals("prepare web_2"))
                .extracting(FakeDeployment.Call::thread).containsExactly("prepare-ahead");
    }

    @Test
    void aPreparationAheadThatFailedFailsItsInstanceInItsTurnWithoutTakingItOut() {
        fake = new FakeDeployment("shop", clock, preparingFleet(3, "1.0")).sideBySide();
        fake.failOn("prepare web_2", "the server answered HTTP 404 for release archive " + URL);

        RolloutSummary s = engine().run(upgrade("max_failures", 1));

        assertThat(fake.log()).doesNotContain("unlink web_2").contains("establish web_1", "establish web_3");
        assertThat(statuses(s)).containsEntry("web_1", InstanceStatus.UPGRADED)
                .containsEntry("web_2", InstanceStatus.FAILED).containsEntry("web_3", InstanceStatus.UPGRADED);
        assertThat(s.instance("web_2").orElseThrow().error())
                .startsWith("prepare failed, so web_2 was never taken out of the load balancer: ").contains("HTTP 404");
        assertThat(fake.outOfLoadBalancer()).isEmpty();
    }

    @Test
    void aRunThatStopsLeavesNoPreparationRunningAndTakesNothingElseOut() throws InterruptedException {
        fake = new FakeDeployment("shop", clock, preparingFleet(3, "1.0")).sideBySide();
        fake.failOn("upgrade web_1", "the app did not become healthy");

        RolloutSummary s = engine().run(upgrade("max_failures", 0));
        int callsAtEnd = fake.calls().size();
        Thread.sleep(200);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.FAILED);
        assertThat(fake.calls()).hasSize(callsAtEnd);
        assertThat(fake.log()).doesNotContain("unlink web_2", "unlink web_3", "prepare web_3");
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(fake.version("web_2")).isEqualTo("1.0");
    }

    @Test
    void aPrepareFailureWithinTheBudgetLetsTheRunGoOn() {
        fake = new FakeDeployment("shop", clock, preparingFleet(3, "1.0"));
        fake.failOn("prepare web_1", "sha256 mismatch for release archive " + URL);

        RolloutSummary s = engine().run(upgrade("max_failures", 1));

        assertThat(fake.log()).doesNotContain("unlink web_1").contains("unlink web_2", "unlink web_3");
        assertThat(statuses(s)).containsEntry("web_1", InstanceStatus.FAILED)
                .containsEntry("web_2", InstanceStatus.UPGRADED).containsEntry("web_3", InstanceStatus.UPGRADED);
    }

    @Test
    void steppingBackNeedsNoPrepare() {
        fake = new FakeDeployment("shop", clock, preparingFleet(2, "1.0"));
        engine().run(upgrade());
        int before = fake.log().size();

        engine().run(RolloutParameters.forRollback(Map.of()));

        assertThat(fake.log().subList(before, fake.log().size())).containsExactly(
                "unlink web_1", "rollback web_1", "establish web_1", "unlink web_2", "rollback web_2", "establish web_2");
    }

    @Test
    void theRollbackWorkflowStepsInstancesBackOneReleaseLoadBalancerAware() {
        engine().run(upgrade());
        int before = fake.log().size();

        RolloutSummary s = engine().run(RolloutParameters.forRollback(Map.of("instance_ids", "web_1,web_3")));

        assertThat(fake.log().subList(before, fake.log().size())).containsExactly(
                "unlink web_1", "rollback web_1", "establish web_1", "unlink web_3", "rollback web_3", "establish web_3");
        assertThat(s.workflow()).isEqualTo("webapp_rollback");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.message()).isEqualTo("stepped back 2 instance(s) one release: web_1, web_3");
        assertThat(s.instances()).extracting(InstanceReport::fromVersion, InstanceReport::toVersion)
                .containsExactly(tuple("2.0", "1.0"), tuple("2.0", "1.0"));
        assertThat(fake.version("web_1")).isEqualTo("1.0");
        assertThat(fake.version("web_2")).isEqualTo("2.0");
    }

    @Test
    void aResumedRollbackDoesNotStepBackTwice() {
        engine().run(upgrade());
        RolloutParameters rollback = RolloutParameters.forRollback(Map.of());
        fake.hook(call -> {
            if (call.brief().equals("rollback web_2")) {
                throw new SimulatedCrash();
            }
        });
        assertThatThrownBy(() -> engine().run(rollback)).isInstanceOf(SimulatedCrash.class);
        fake.hook(call -> { });
        int before = fake.log().size();

        RolloutSummary s = engine().run(rollback);

        assertThat(fake.log().subList(before, fake.log().size())).containsExactly("start web_2", "establish web_2",
                "unlink web_2", "rollback web_2", "establish web_2", "unlink web_3", "rollback web_3", "establish web_3",
                "unlink web_4", "rollback web_4", "establish web_4");
        assertThat(fake.version("web_1")).isEqualTo("1.0");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    }

    @Test
    void eventsReachTheDeploymentsEventStream() {
        fake = new FakeDeployment("shop", clock, fleet(2, "1.0"));
        fake.failOn("upgrade web_2", "bad archive");

        new RolloutEngine(fake, journal, new EventStreamListener(fake), clock, sleeper).run(upgrade());

        assertThat(fake.events()).contains(
                "plan: upgrade to 2.0: 2 of 2 candidate instance(s) in 2 batch(es)",
                "batch 1/2: web_1",
                "web_1: upgrade done in 1.0s",
                "web_1: upgraded (1.0 -> 2.0)",
                "web_2: upgrade FAILED after 1.0s: bad archive",
                "the run stopped: rolling back, newest first: web_1",
                "web_1: rolled back");
        assertThat(fake.events()).last().asString().isEqualTo("totals: selected 2, rolled back 1, failed 1");
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRun() {
        RolloutListener broken = new RolloutListener() {
            @Override
            public void phaseStarted(String instanceId, Phase phase, Instant at) {
                throw new IllegalStateException("terminal gone");
            }
        };

        RolloutSummary s = new RolloutEngine(fake, journal, broken, clock, sleeper).run(upgrade());

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(fake.outOfLoadBalancer()).isEmpty();
    }

    @Test
    void filtersNamingNothingAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> engine().run(upgrade("node_ids", "wbe")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("parameter 'node_ids' names 'wbe', which is not a node of this deployment");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void summaryJsonRoundTripsWithStableFieldNamesAndIsoTimestamps() throws Exception {
        fake.failOn("upgrade web_3", "health check failed");
        RolloutSummary s = engine().run(upgrade("url", "https://ci:hunter2@releases.example.com/a.tgz?sig=xyz",
                "delay", 1, "batch_size", 2));

        String json = s.toJson();

        assertThat(RolloutSummary.fromJson(json)).isEqualTo(s);
        assertThat(json).doesNotContain("hunter2").doesNotContain("xyz");
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(iterable(tree.fieldNames())).containsExactly("deployment_id", "workflow", "outcome", "exit_code",
                "message", "started_at", "finished_at", "duration_millis", "parameters", "instances", "delays", "totals",
                "analyses");
        assertThat(tree.get("outcome").asText()).isEqualTo("rolled_back");
        assertThat(tree.get("started_at").asText()).isEqualTo("2026-03-01T10:00:00Z");
        JsonNode web3 = tree.get("instances").get(2);
        assertThat(iterable(web3.fieldNames())).containsExactly("instance_id", "node_id", "batch", "from_version",
                "to_version", "status", "notes", "error", "phases");
        assertThat(web3.get("status").asText()).isEqualTo("failed");
        assertThat(iterable(web3.get("phases").get(0).fieldNames())).containsExactly("phase", "target", "started_at",
                "ended_at", "duration_millis", "succeeded", "error", "steps");
        assertThat(web3.get("phases").get(1).get("phase").asText()).isEqualTo("upgrade");
        assertThat(iterable(web3.get("phases").get(1).get("steps").get(0).fieldNames())).containsExactly("step",
                "version", "started_at", "ended_at", "duration_millis", "succeeded");
        assertThat(web3.get("phases").get(1).get("error").asText()).isEqualTo("health check failed");
        assertThat(iterable(tree.get("delays").get(0).fieldNames())).containsExactly("after_batch", "started_at",
                "ended_at", "duration_millis", "planned_millis");
        assertThat(iterable(tree.get("totals").fieldNames())).containsExactly("selected", "upgraded", "skipped",
                "failed", "rolled_back", "rollback_failed", "left_out_of_lb", "not_started", "planned");
        assertThat(tree.get("parameters").get("url").asText()).isEqualTo("https://***@releases.example.com/a.tgz?sig=***");
    }

    @Test
    void aBrokenJournalFileIsReportedAndNothingRuns(@TempDir Path dir) throws Exception {
        journal = new FileRolloutJournal(dir);
        Files.writeString(((FileRolloutJournal) journal).fileFor(JournalKey.of("shop", upgrade())), "{not json");

        assertThatThrownBy(() -> engine().run(upgrade())).hasMessageContaining("cannot be read")
                .hasMessageContaining("delete the file to start afresh");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void aFailedAutoRollbackIsReportedAndTheInstanceIsStillPutBack() {
        fake.failOn("upgrade web_3", "boom").failOn("rollback web_1", "previous release directory missing");

        RolloutSummary s = engine().run(upgrade());

        assertThat(fake.log().subList(9, fake.log().size())).containsExactly("unlink web_2", "rollback web_2",
                "establish web_2", "unlink web_1", "rollback web_1", "establish web_1");
        assertThat(fake.outOfLoadBalancer()).isEmpty();
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.FAILED);
        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(statuses(s)).containsEntry("web_1", InstanceStatus.ROLLBACK_FAILED)
                .containsEntry("web_2", InstanceStatus.ROLLED_BACK);
        assertThat(s.instance("web_1").orElseThrow().error()).isEqualTo("rollback failed: previous release directory missing");
        assertThat(s.message()).contains("; rollback failed: web_1 (rollback failed: previous release directory missing)");
    }

    @Test
    void anInstanceBehindTwoLoadBalancersLeavesAndReturnsToBoth() {
        fake = new FakeDeployment("shop", clock, List.of(TestInstances.haproxy("haproxy_1"), TestInstances.haproxy("haproxy_2"),
                webapp("web", "web_1", "1.0", TestInstances.lbLink("haproxy_1"), TestInstances.lbLink("haproxy_2"))));
        fake.hook(call -> {
            if (call.brief().equals("establish web_1") && call.target().equals("haproxy_1")) {
                throw new OperationFailedException("haproxy_1 is down");
            }
        });

        RolloutSummary s = engine().run(upgrade());

        assertThat(fake.calls()).extracting(c -> c.brief() + "@" + c.target()).containsExactly("unlink web_1@haproxy_1",
                "unlink web_1@haproxy_2", "upgrade web_1@null", "establish web_1@haproxy_1", "establish web_1@haproxy_2");
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.LEFT_OUT_OF_LB);
        assertThat(s.instance("web_1").orElseThrow().error())
                .isEqualTo("establish in haproxy_1 failed, so web_1 is OUT of that load balancer: haproxy_1 is down");
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** Stands for the process dying mid-run: nothing in the engine may catch it. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
