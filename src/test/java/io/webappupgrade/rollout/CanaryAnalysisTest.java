package io.webappupgrade.rollout;

import static io.webappupgrade.rollout.TestInstances.listedFleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.rollout.FakeDeployment.Traffic;
import io.webappupgrade.rollout.record.BatchAnalysis;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verification window's rules, its place in the run, and what a breach does. */
class CanaryAnalysisTest {

    private static final String URL = "https://releases.example.com/shop-2.0.tar.gz";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final FakeDeployment fake = new FakeDeployment("shop", clock, listedFleet(3, "1.0"));

    private RolloutSummary run(Object... more) {
        return new RolloutEngine(fake, new InMemoryRolloutJournal(), new RecordingListener(), clock, clock::advance)
                .run(upgrade(more));
    }

    private static RolloutParameters upgrade(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", "2.0", "url", URL));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return RolloutParameters.forUpgrade(m);
    }

    @Test
    void offByDefaultTheRunReadsNoCounters() {
        RolloutSummary s = run("min_serving", 0, "drain_order", "planned");

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.analyses()).isEmpty();
        assertThat(fake.log()).doesNotContain("list_servers haproxy_1");
    }

    @Test
    void aGoodReleasePassesAWindowAfterEveryBatch() {
        fake.traffic("1.0", new Traffic(10, 0, 20)).traffic("2.0", new Traffic(10, 1, 25));

        RolloutSummary s = run("min_serving", 0, "verify_seconds", 30);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.analyses()).extracting(BatchAnalysis::verdict).containsExactly("pass", "pass", "pass");
        BatchAnalysis first = s.analyses().get(0);
        assertThat(first.canary().servers()).containsExactly("web_1");
        assertThat(first.baseline().servers()).containsExactly("web_2", "web_3");
        assertThat(first.canary().requests()).isEqualTo(300);
        assertThat(first.canary().errors()).isEqualTo(3);
        assertThat(first.baseline().requests()).isEqualTo(600);
        assertThat(first.durationMillis()).isBetween(30_000L, 32_000L);
        // the second window compares web_2 with web_3 only: web_1 is on the new release already
        assertThat(s.analyses().get(1).baseline().servers()).containsExactly("web_3");
        assertThat(s.analyses().get(2).baseline().servers()).isEmpty();
        // the window comes after the batch is back, before the next one leaves
        assertThat(fake.log()).containsSubsequence("establish web_1", "list_servers haproxy_1", "list_servers haproxy_1",
                "unlink web_2");
    }

    @Test
    void anErrorRateAboveTheThresholdStopsTheRunAndRollsBackNewestFirst() {
        fake.traffic("1.0", new Traffic(10, 0, 20)).traffic("2.0", new Traffic(10, 20, 20));

        RolloutSummary s = run("min_serving", 0, "verify_seconds", 30, "batch_size", 1);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(s.message()).isEqualTo("batch 1 (web_1) failed verification: error rate (hrsp_5xx + eresp + econ)"
                + " of the new release 20.0% (60 of 300) against baseline 0.0% (0 of 600), above max_error_rate 2.0%;"
                + " rolled back: web_1");
        assertThat(fake.log()).doesNotContain("unlink web_2");
        assertThat(fake.version("web_1")).isEqualTo("1.0");
        // the summary JSON keeps the windows, and reads back the same
        assertThat(s.toJson()).contains("\"analyses\"", "\"verdict\" : \"error_rate\"", "\"hrsp5xx\" : 60");
        assertThat(RolloutSummary.fromJson(s.toJson())).isEqualTo(s);
    }

    @Test
    void withoutAutoRollbackTheCanaryStaysAndTheRunFails() {
        fake.traffic("1.0", new Traffic(10, 0, 20)).traffic("2.0", new Traffic(10, 20, 20));

        RolloutSummary s = run("min_serving", 0, "verify_seconds", 30, "auto_rollback", false);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.FAILED);
        assertThat(s.message()).startsWith("batch 1 (web_1) failed verification: error rate")
                .endsWith("; auto_rollback is off: upgraded instances stay upgraded");
        assertThat(fake.version("web_1")).isEqualTo("2.0");
    }

    @Test
    void aSlowerReleaseTripsTheLatencyRule() {
        fake.traffic("1.0", new Traffic(10, 0, 20)).traffic("2.0", new Traffic(10, 0, 60));

        RolloutSummary s = run("min_serving", 0, "verify_seconds", 30);

        assertThat(s.analyses().get(0).verdict()).isEqualTo(BatchAnalysis.LATENCY);
        assertThat(s.message()).startsWith("batch 1 (web_1) failed verification: response time (rtime) of the new"
                + " release 60 ms against baseline 20 ms, ratio 3.00 above max_latency_ratio 2; rolled back: web_1");
    }

    @Test
    void belowMinRequestsTheVerdictIsNotEnoughTraffic() {
        fake.traffic("1.0", new Traffic(1, 0, 20)).traffic("2.0", new Traffic(1, 0, 20));

        RolloutSummary s = run("min_serving", 0, "verify_seconds", 10, "min_requests", 50);

        assertThat(s.analyses().get(0).verdict()).isEqualTo(BatchAnalysis.NOT_ENOUGH_TRAFFIC);
        assertThat(s.message()).startsWith("batch 1 (web_1) not verified: not enough traffic: the new release answered"
                + " 10 request(s) in 10 s, fewer than min_requests 50");
    }

    @Test
    void canaryOnlyWatchesTheFirstBatchAlone() {
        fake.traffic("1.0", new Traffic(10, 0, 20)).traffic("2.0", new Traffic(10, 0, 20));

        RolloutSummary s = run("min_serving", 0, "verify_seconds", 30, "verify_canary_only", true);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(s.analyses()).extracting(BatchAnalysis::batch).containsExactly(1);
    }

    @Test
    void countersThatCannotBeReadStopTheRunSayingSo() {
        fake.failOn("list_servers haproxy_1", "HAProxy list_servers: the stats socket does not answer");

        RolloutSummary s = run("min_serving", 0, "verify_seconds", 30);

        assertThat(s.outcome()).isEqualTo(RolloutOutcome.ROLLED_BACK);
        assertThat(s.message()).startsWith("batch 1 (web_1) not verified: the load balancer's counters could not be"
                + " read (HAProxy list_servers: the stats socket does not answer)");
    }

    @Test
    void badValuesAreRefusedNamingTheParameterAndWhatIsAllowed() {
        assertThatThrownBy(() -> upgrade("verify_seconds", -1, "max_error_rate", 1.5, "max_latency_ratio", 0.5,
                "min_requests", "many", "verify_canary_only", "sometimes"))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("parameter 'verify_seconds' is '-1': allowed is a number of seconds, 0 or more"
                        + " (0 turns the verification window off)")
                .hasMessageContaining("parameter 'max_error_rate' is '1.5': allowed is a number from 0 to 1")
                .hasMessageContaining("parameter 'max_latency_ratio' is '0.5': allowed is a number from 1 to 1000")
                .hasMessageContaining("parameter 'min_requests' is 'many': allowed is a whole number, 0 or more")
                .hasMessageContaining("parameter 'verify_canary_only' is 'sometimes': allowed is true or false");
    }
}
