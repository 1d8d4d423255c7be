package io.webappupgrade.rollout;

import static io.webappupgrade.rollout.TestInstances.haproxy;
import static io.webappupgrade.rollout.TestInstances.hostedOn;
import static io.webappupgrade.rollout.TestInstances.lbLink;
import static io.webappupgrade.rollout.TestInstances.webapp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlannerTest {

    private final Planner planner = new Planner();

    private static RolloutParameters upgradeTo(String version, Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", version, "url", "https://example.com/app.tgz"));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return RolloutParameters.forUpgrade(m);
    }

    private static List<NodeInstance> webs(int n, String version) {
        List<NodeInstance> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(webapp("web", String.format("web_%02d", i), version, lbLink("haproxy_1")));
        }
        return out;
    }

    /** Expected instances picked for n = 1..10 candidates: floor(n * p / 100), at least 1. */
    @ParameterizedTest(name = "n={0}: p1={1} p10={2} p25={3} p33={4} p50={5} p99={6} p100={7}")
    @CsvSource({
        " 1, 1, 1, 1, 1, 1, 1,  1",
        " 2, 1, 1, 1, 1, 1, 1,  2",
        " 3, 1, 1, 1, 1, 1, 2,  3",
        " 4, 1, 1, 1, 1, 2, 3,  4",
        " 5, 1, 1, 1, 1, 2, 4,  5",
        " 6, 1, 1, 1, 1, 3, 5,  6",
        " 7, 1, 1, 1, 2, 3, 6,  7",
        " 8, 1, 1, 2, 2, 4, 7,  8",
        " 9, 1, 1, 2, 2, 4, 8,  9",
        "10, 1, 1, 2, 3, 5, 9, 10",
    })
    void percentagePicksFloorOfItsShareButAtLeastOne(int n, int p1, int p10, int p25, int p33, int p50, int p99,
            int p100) {
        int[] percentages = {1, 10, 25, 33, 50, 99, 100};
        int[] expected = {p1, p10, p25, p33, p50, p99, p100};
        List<NodeInstance> fleet = webs(n, "1.0");
        for (int k = 0; k < percentages.length; k++) {
            RolloutPlan plan = planner.plan(fleet, upgradeTo("2.0", "percentage", percentages[k]));

            int picked = expected[k];
            assertThat(plan.selected()).as("p=%d", percentages[k]).hasSize(picked);
            assertThat(plan.selectedIds()).as("the first ones in order")
                    .isEqualTo(IntStream.rangeClosed(1, picked).mapToObj(i -> String.format("web_%02d", i)).toList());
            assertThat(plan.skipped()).hasSize(n - picked)
                    .allSatisfy(s -> assertThat(s.reason()).isEqualTo("beyond percentage " + plan.parameters().percentage()
                            + ": the run covers " + picked + " of " + n + " candidate instances"));
        }
    }

    @Test
    void skipsInstancesAtOrAboveTheVersionComparingVersionsAsNumbers() {
        List<NodeInstance> fleet = List.of(
                webapp("web", "web_a", "1.9"),
                webapp("web", "web_b", "1.10"),
                webapp("web", "web_c", "1.10.0"),
                webapp("web", "web_d", "2.0"),
                webapp("web", "web_e", "1.10.0-rc1"),
                webapp("web", "web_f", null),
                webapp("web", "web_g", "release-7"));

        RolloutPlan plan = planner.plan(fleet, upgradeTo("1.10"));

        assertThat(plan.selectedIds()).containsExactly("web_a", "web_e", "web_f", "web_g");
        assertThat(plan.skipped()).extracting(SkippedInstance::instanceId, SkippedInstance::reason).containsExactly(
                tuple("web_b", "already at 1.10, at or above 1.10"),
                tuple("web_c", "already at 1.10.0, at or above 1.10"),
                tuple("web_d", "already at 2.0, at or above 1.10"));
        assertThat(plan.selected()).filteredOn(i -> i.instanceId().equals("web_g")).singleElement()
                .satisfies(i -> assertThat(i.notes()).contains("current app_version 'release-7' is not a version: treated as below the target"));
        assertThat(plan.selected().get(0).fromVersion()).isEqualTo("1.9");
        assertThat(plan.selected().get(0).toVersion()).isEqualTo("1.10");
    }

    @Test
    void instancesAlreadyAtTheVersionCountTowardThePercentage() {
        List<NodeInstance> fleet = new ArrayList<>(webs(4, "1.0"));
        fleet.set(2, webapp("web", "web_03", "2.0", lbLink("haproxy_1")));

        RolloutPlan plan = planner.plan(fleet, upgradeTo("2.0", "percentage", 50));

        assertThat(plan.quota()).isEqualTo(2);
        assertThat(plan.selectedIds()).containsExactly("web_01");
    }

    @Test
    void aReRunWithTheSameParametersNeverPicksMoreThanTheFirstRun() {
        RolloutParameters half = upgradeTo("2.0", "percentage", 50);
        for (int n = 1; n <= 12; n++) {
            List<NodeInstance> fleet = new ArrayList<>(webs(n, "1.0"));
            List<String> first = planner.plan(fleet, half).selectedIds();
            // The first run upgraded some of its picks (any prefix) before it was stopped; re-plan each time.
            for (int done = 0; done <= first.size(); done++) {
                List<NodeInstance> after = new ArrayList<>();
                Set<String> upgraded = Set.copyOf(first.subList(0, done));
                for (NodeInstance i : fleet) {
                    after.add(upgraded.contains(i.id()) ? webapp("web", i.id(), "2.0", lbLink("haproxy_1")) : i);
                }
                List<String> again = planner.plan(after, half).selectedIds();
                assertThat(again).as("n=%d, %d done", n, done)
                        .isEqualTo(first.subList(done, first.size()));
            }
        }
    }

    @Test
    void journalOfAnInterruptedRunCountsCompletedAndFailedInstancesAsDone() {
        List<NodeInstance> fleet = webs(6, "1.0");
        RolloutParameters p = RolloutParameters.forRollback(Map.of("percentage", 50));
        JournalState journal = new JournalState(List.of("web_05"), List.of("web_01"), List.of("web_02"));

        RolloutPlan plan = planner.plan(fleet, p, journal);

        assertThat(plan.quota()).isEqualTo(3);
        assertThat(plan.selectedIds()).containsExactly("web_03");
        assertThat(plan.putBackFirst()).containsExactly("web_05");
        assertThat(plan.skipped()).extracting(SkippedInstance::instanceId).startsWith("web_01", "web_02");
        assertThat(plan.skipped().get(0).reason()).isEqualTo("stepped back earlier in this run, before it was interrupted");
        assertThat(plan.skipped().get(1).reason()).startsWith("failed earlier in this run");
    }

    @Test
    void batchesByCountAndByPercent() {
        List<NodeInstance> fleet = webs(7, "1.0");

        assertThat(planner.plan(fleet, upgradeTo("2.0", "batch_size", 3)).batches())
                .extracting(Batch::instanceIds).containsExactly(
                        List.of("web_01", "web_02", "web_03"), List.of("web_04", "web_05", "web_06"), List.of("web_07"));
        // 25% of 7 selected = 1.75 -> 1 per batch
        assertThat(planner.plan(fleet, upgradeTo("2.0", "batch_size", "25%")).batches()).hasSize(7);
        // 50% of 7 = 3.5 -> 3 per batch
        assertThat(planner.plan(fleet, upgradeTo("2.0", "batch_size", "50%")).batches())
                .extracting(b -> b.instances().size()).containsExactly(3, 3, 1);
        assertThat(planner.plan(fleet, upgradeTo("2.0", "batch_size", "100%")).batches()).singleElement()
                .satisfies(b -> assertThat(b.instances()).hasSize(7));
        // the percent is of the instances selected, not of the whole fleet
        assertThat(planner.plan(fleet, upgradeTo("2.0", "percentage", 50, "batch_size", "50%")).batches())
                .extracting(Batch::instanceIds).containsExactly(List.of("web_01"), List.of("web_02"), List.of("web_03"));
        RolloutPlan plan = planner.plan(fleet, upgradeTo("2.0", "batch_size", 2));
        assertThat(plan.selected()).extracting(PlannedInstance::batch).containsExactly(1, 1, 2, 2, 3, 3, 4);
    }

    @Test
    void candidatesNeedBothOperationsAndPassTheFilters() {
        NodeInstance upgradeOnly = new NodeInstance("worker_1", "worker", List.of("cloudify.nodes.Root"),
                Set.of(DeploymentOperations.UPGRADE), List.of(), Map.of());
        List<NodeInstance> fleet = List.of(haproxy("haproxy_1"), upgradeOnly,
                webapp("web", "web_1", "1.0"), webapp("web", "web_2", "1.0"),
                webapp("api", "api_1", "1.0"), webapp("api", "api_2", "1.0"));

        assertThat(planner.plan(fleet, upgradeTo("2.0")).selectedIds())
                .containsExactly("api_1", "api_2", "web_1", "web_2");
        assertThat(planner.plan(fleet, upgradeTo("2.0", "node_ids", "web")).selectedIds())
                .containsExactly("web_1", "web_2");
        assertThat(planner.plan(fleet, upgradeTo("2.0", "instance_ids", List.of("web_2", "api_1"))).selectedIds())
                .containsExactly("api_1", "web_2");
        assertThat(planner.plan(fleet, upgradeTo("2.0", "node_ids", "web", "instance_ids", "web_2,api_1")).selectedIds())
                .containsExactly("web_2");
        assertThat(planner.plan(fleet, upgradeTo("2.0", "node_ids", "api", "percentage", 50)).candidates()).isEqualTo(2);
    }

    @Test
    void filtersThatNameNothingSuitableAreParameterErrors() {
        List<NodeInstance> fleet = List.of(haproxy("haproxy_1"), webapp("web", "web_1", "1.0"));

        InvalidParametersException e = catchThrowableOfType(InvalidParametersException.class, () -> planner.plan(fleet,
                upgradeTo("2.0", "node_ids", "haproxy,wbe", "instance_ids", "haproxy_1,web_9")));

        assertThat(e.problems()).extracting(ParameterProblem::message).containsExactly(
                "parameter 'node_ids' names 'haproxy', a node without both webapp_upgrade.upgrade and webapp_upgrade.rollback; allowed: web",
                "parameter 'node_ids' names 'wbe', which is not a node of this deployment; allowed: web",
                "parameter 'instance_ids' names 'haproxy_1', an instance of a node without both webapp_upgrade.upgrade and webapp_upgrade.rollback",
                "parameter 'instance_ids' names 'web_9', which is not an instance of this deployment");
    }

    @Test
    void orderIsNodeThenInstanceWhateverOrderTheDeploymentGives() {
        List<NodeInstance> fleet = new ArrayList<>(List.of(webapp("web", "web_b", "1"), webapp("api", "api_z", "1"),
                webapp("web", "web_a", "1"), webapp("api", "api_c", "1"), haproxy("haproxy_1")));
        List<String> expected = List.of("api_c", "api_z", "web_a", "web_b");
        for (int seed = 0; seed < 5; seed++) {
            Collections.shuffle(fleet, new Random(seed));
            assertThat(planner.plan(fleet, upgradeTo("2")).selectedIds()).isEqualTo(expected);
        }
    }

    @Test
    void loadBalancerLinksAreRelationshipsDerivedFromLbRelationship() {
        NodeInstance twoLbs = webapp("web", "web_1", "1.0", hostedOn("vm_1"), lbLink("haproxy_1"), lbLink("haproxy_2"));
        NodeInstance plainConnectedTo = webapp("web", "web_2", "1.0", new RelationshipInstance(
                TestInstances.CONNECTED_TO, List.of("cloudify.relationships.depends_on", TestInstances.CONNECTED_TO),
                "haproxy", "haproxy_1"));
        NodeInstance noLb = webapp("web", "web_3", "1.0", hostedOn("vm_3"));

        RolloutPlan plan = planner.plan(List.of(twoLbs, plainConnectedTo, noLb), upgradeTo("2.0"));

        assertThat(plan.selected().get(0).lbRelationships()).extracting(RelationshipInstance::targetInstanceId)
                .containsExactly("haproxy_1", "haproxy_2");
        assertThat(plan.selected().get(1).lbRelationships()).extracting(RelationshipInstance::targetInstanceId)
                .containsExactly("haproxy_1");
        assertThat(plan.selected().get(2).loadBalanced()).isFalse();
        assertThat(plan.selected().get(2).notes()).containsExactly("no load-balancer relationship "
                + "(cloudify.relationships.connected_to): processed without load-balancer steps");

        RolloutPlan custom = planner.plan(List.of(twoLbs, plainConnectedTo), upgradeTo("2.0", "lb_relationship",
                TestInstances.LB_LINK));
        assertThat(custom.selected().get(0).loadBalanced()).isTrue();
        assertThat(custom.selected().get(1).loadBalanced()).as("connected_to is not derived from the custom type").isFalse();
    }

    @Test
    void rollbackPlanShowsThePreviousReleaseWhenTheInstanceRecordsIt() {
        NodeInstance recorded = new NodeInstance("web_1", "web", List.of(), TestInstances.WEBAPP_OPERATIONS, List.of(),
                Map.of("app_version", "2.0", "app_prev_version", "1.9"));
        RolloutPlan plan = planner.plan(List.of(recorded, webapp("web", "web_2", "2.0")),
                RolloutParameters.forRollback(Map.of()));

        assertThat(plan.selected()).extracting(PlannedInstance::toVersion).containsExactly("1.9", null);
        assertThat(plan.selected()).extracting(PlannedInstance::fromVersion).containsExactly("2.0", "2.0");
    }

    @Test
    void noCandidatesMakeAnEmptyPlan() {
        RolloutPlan plan = planner.plan(List.of(haproxy("haproxy_1")), upgradeTo("2.0", "percentage", 10));
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.quota()).isZero();
        assertThat(plan.batches()).isEmpty();
    }
}
