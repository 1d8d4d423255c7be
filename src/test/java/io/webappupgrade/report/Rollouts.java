package io.webappupgrade.report;

import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Recorded rollouts the report tests draw, each passed through its JSON form first, as a report
 * drawn later from a saved file would be.
 */
final class Rollouts {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String HOSTILE_ERROR = "health check of http://127.0.0.1:8081/health failed: "
            + "<script>alert('x')</script> & \"quoted\" ]]> <img src=x onerror=alert(1)>";
    /** Lead and trail of the probe around the run in {@link #cleanWithProbe()}. */
    static final Duration PROBE_LEAD = Duration.ofSeconds(2);

    private Rollouts() {
    }

    /** Four instances upgraded one at a time from 1.0.0 to 2.0.0, 5 s apart, with a clean load probe. */
    static RolloutRecord cleanWithProbe() {
        RecordedRun run = new RecordedRun("shop", "webapp_upgrade", T0)
                .parameter("version", "2.0.0").parameter("url", "https://releases.example.com/app-2.0.0.tar.gz")
                .parameter("delay", 5).parameter("batch_size", "1");
        run.elapse(300);
        for (int i = 1; i <= 4; i++) {
            run.instance("web_" + i, i, "1.0.0", "2.0.0").pass(Phase.UPGRADE, 1_200 + 100 * i, 4_000, 50)
                    .status(InstanceStatus.UPGRADED);
            if (i < 4) {
                run.delay(i, 5_000);
            }
        }
        RolloutSummary summary = run.elapse(100).finish(RolloutOutcome.SUCCEEDED, "upgraded 4 instance(s) to 2.0.0");
        ProbeTimeline probe = new SimulatedProbe(summary).run(PROBE_LEAD, Duration.ofSeconds(2), Duration.ofMillis(20),
                ProbeTimeline.DEFAULT_BUCKET);
        return roundTrip(new RolloutRecord(summary, probe));
    }

    /**
     * Operations that recorded their steps: web_1 upgrades, web_2's new release fails its health
     * check and the old one is started again, then web_1 rolls back; web_3 was upgraded by an
     * older agent that recorded no steps.
     */
    /** web_1's new release never got healthy and its upgrade restarted the release before it. */
    static RolloutRecord restoredByItsUpgrade() {
        RecordedRun run = new RecordedRun("shop", "webapp_upgrade", T0).parameter("version", "2.1.0");
        run.instance("web_1", 1, "2.0.0", "2.1.0").phase(Phase.UNLINK, 500).phase(Phase.UPGRADE, 3_000, "not healthy")
                .phase(Phase.ESTABLISH, 40).status(InstanceStatus.FAILED)
                .error("upgrade failed: release 2.1.0 never answered /health\nRelease 2.0.0 is serving again.");
        return roundTrip(RolloutRecord.of(run.elapse(100).finish(RolloutOutcome.FAILED, "web_1 failed")));
    }

    /**
     * A node with {@code webapp_upgrade.prepare}: web_1 fetches for 2 s while still serving, then is
     * out for drain, upgrade and re-add; web_2's prepare fails, so it never leaves the load balancer.
     */
    static RolloutRecord withPrepare() {
        RecordedRun run = new RecordedRun("shop", "webapp_upgrade", T0).parameter("version", "2.1.0")
                .parameter("max_failures", 1);
        run.instance("web_1", 1, "2.0.0", "2.1.0").phase(Phase.PREPARE, 2_000).phase(Phase.UNLINK, 500)
                .phase(Phase.UPGRADE, 1_000).phase(Phase.ESTABLISH, 40).status(InstanceStatus.UPGRADED);
        run.instance("web_2", 2, "2.0.0", "2.1.0").phase(Phase.PREPARE, 300, "HTTP 404")
                .status(InstanceStatus.FAILED).error("prepare failed, so web_2 was never taken out of the load balancer");
        return roundTrip(RolloutRecord.of(run.elapse(100).finish(RolloutOutcome.FAILED, "web_2 failed")));
    }

    static RolloutRecord withSteps() {
        RecordedRun run = new RecordedRun("shop", "webapp_upgrade", T0).parameter("version", "2.1.0")
                .parameter("max_failures", 0).parameter("auto_rollback", true);
        run.instance("web_3", 1, "2.0.0", "2.1.0").pass(Phase.UPGRADE, 500, 3_000, 40)
                .status(InstanceStatus.UPGRADED);
        run.instance("web_1", 1, "2.0.0", "2.1.0").phase(Phase.UNLINK, 500)
                .phase(Phase.UPGRADE, null, new RecordedRun.Step("install", "2.1.0", 1_600, true),
                        new RecordedRun.Step("stop", "2.0.0", 400, true),
                        new RecordedRun.Step("start", "2.1.0", 200, true),
                        new RecordedRun.Step("health", "2.1.0", 800, true))
                .phase(Phase.ESTABLISH, 40);
        run.instance("web_2", 2, "2.0.0", "2.1.0").phase(Phase.UNLINK, 500)
                .phase(Phase.UPGRADE, "the upgrade to 2.1.0 failed: did not become healthy",
                        new RecordedRun.Step("install", "2.1.0", 1_000, true),
                        new RecordedRun.Step("stop", "2.0.0", 400, true),
                        new RecordedRun.Step("start", "2.1.0", 200, true),
                        new RecordedRun.Step("health", "2.1.0", 2_000, false),
                        new RecordedRun.Step("stop", "2.1.0", 100, true),
                        new RecordedRun.Step("start", "2.0.0", 200, true),
                        new RecordedRun.Step("health", "2.0.0", 600, true))
                .phase(Phase.ESTABLISH, 40).status(InstanceStatus.FAILED).error("upgrade failed");
        run.instance("web_1").phase(Phase.UNLINK, 500)
                .phase(Phase.ROLLBACK, null, new RecordedRun.Step("stop", "2.1.0", 300, true),
                        new RecordedRun.Step("start", "2.0.0", 200, true),
                        new RecordedRun.Step("health", "2.0.0", 500, true))
                .phase(Phase.ESTABLISH, 40).status(InstanceStatus.ROLLED_BACK);
        RolloutSummary summary = run.elapse(100).finish(RolloutOutcome.ROLLED_BACK,
                "web_2 failed; rolled back web_1 to its previous release");
        return roundTrip(RolloutRecord.of(summary));
    }

    /**
     * The canary (batch 1) upgrades, the second instance's new release fails its health check with a
     * hostile error text, the run stops and rolls the canary back; two instances are never started.
     */
    static RolloutRecord canaryFailureWithAutoRollback() {
        RecordedRun run = new RecordedRun("shop", "webapp_upgrade", T0).parameter("version", "2.1.0")
                .parameter("max_failures", 0).parameter("auto_rollback", true);
        run.elapse(200);
        run.instance("web_1", 1, "2.0.0", "2.1.0").pass(Phase.UPGRADE, 900, 3_500, 40);
        run.delay(1, 3_000);
        run.instance("web_2", 2, "2.0.0", "2.1.0").phase(Phase.UNLINK, 1_100)
                .phase(Phase.UPGRADE, 6_000, HOSTILE_ERROR).phase(Phase.ESTABLISH, 60)
                .status(InstanceStatus.FAILED).error("upgrade failed: " + HOSTILE_ERROR);
        Instant secondBack = run.now();
        run.instance("web_3", 3, "2.0.0", "2.1.0");
        run.instance("web_4", 4, "2.0.0", "2.1.0");
        run.elapse(150);
        run.instance("web_1").pass(Phase.ROLLBACK, 800, 2_500, 40).status(InstanceStatus.ROLLED_BACK);
        RolloutSummary summary = run.elapse(100).finish(RolloutOutcome.ROLLED_BACK,
                "web_2 failed; rolled back web_1 to its previous release");
        ProbeTimeline probe = new SimulatedProbe(summary).failing("web_2", secondBack, Duration.ofMillis(1_500))
                .run(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(25), ProbeTimeline.DEFAULT_BUCKET);
        return roundTrip(new RolloutRecord(summary, probe));
    }

    /**
     * A re-run after a crash: web_2 was left out of the load balancer and is put back first; web_1
     * was upgraded by the first run and is skipped; web_2 to web_4 go two at a time. No probe ran.
     */
    static RolloutRecord resumedRun() {
        RecordedRun run = new RecordedRun("shop", "webapp_upgrade", T0).parameter("version", "3.0.0")
                .parameter("batch_size", 2).parameter("delay", 2);
        run.instance("web_2", 1, "2.0.0", "3.0.0")
                .note("left out of the load balancer by an interrupted run: put back before anything else")
                .phase(Phase.ESTABLISH, 70);
        run.elapse(100);
        RecordedRun.Lane web2 = run.instance("web_2");
        RecordedRun.Lane web3 = run.instance("web_3", 1, "2.0.0", "3.0.0");
        Instant batch1 = run.now();
        web2.pass(Phase.UPGRADE, 700, 3_000, 50).status(InstanceStatus.UPGRADED);
        // The second of a batch runs alongside the first: rewind the shared clock to the batch start.
        run.elapse(-Duration.between(batch1, run.now()).toMillis() + 40);
        web3.pass(Phase.UPGRADE, 900, 3_200, 45).status(InstanceStatus.UPGRADED);
        run.delay(1, 2_000);
        run.instance("web_4", 2, "2.0.0", "3.0.0").pass(Phase.UPGRADE, 600, 2_800, 40).status(InstanceStatus.UPGRADED);
        run.instance("web_1", 0, "3.0.0", "3.0.0").status(InstanceStatus.SKIPPED)
                .note("already at 3.0.0 (counts toward the percentage)");
        return roundTrip(RolloutRecord.of(run.elapse(50).finish(RolloutOutcome.SUCCEEDED,
                "put back web_2; upgraded 3 instance(s) to 3.0.0")));
    }

    /** A {@code webapp_rollback} run stepping two instances back: rollback is its own operation, not an undo. */
    static RolloutRecord rollbackRun() {
        RecordedRun run = new RecordedRun("shop", "webapp_rollback", T0);
        run.instance("web_1", 1, "2.0.0", "1.0.0").pass(Phase.ROLLBACK, 700, 2_000, 40).status(InstanceStatus.ROLLED_BACK);
        run.instance("web_2", 2, "2.0.0", "1.0.0").pass(Phase.ROLLBACK, 650, 2_100, 40).status(InstanceStatus.ROLLED_BACK);
        return roundTrip(RolloutRecord.of(run.finish(RolloutOutcome.SUCCEEDED, "stepped back 2 instance(s)")));
    }

    /** A run that was refused before it started: no phase, no instance processed. */
    static RolloutRecord nothingRan() {
        RecordedRun run = new RecordedRun("shop", "webapp_upgrade", T0);
        run.instance("web_1", 0, "1.0.0", "1.0.0").status(InstanceStatus.SKIPPED).note("already at 1.0.0");
        return roundTrip(RolloutRecord.of(run.finish(RolloutOutcome.NOTHING_TO_DO, "nothing to do")));
    }

    /** Instance ids and errors from an untrusted deployment, meant to break out of the markup. */
    static RolloutRecord hostileNames() {
        RecordedRun run = new RecordedRun("shop\"><b>bold</b>", "webapp_upgrade", T0);
        for (String id : List.of("web\"><script>alert(1)</script>", "web_\u001b[31mred\u0000", "web_&amp;_'q'")) {
            run.instance(id, 1, "1.0.0", "<i>2</i>").phase(Phase.UNLINK, 500)
                    .phase(Phase.UPGRADE, 900, "boom \u0007\u001b]0;pwned\u0007 </svg><p>x</p>")
                    .phase(Phase.ESTABLISH, 30).status(InstanceStatus.FAILED)
                    .error("upgrade failed: </td></tr></table><script>alert(2)</script>\u0000\ud800");
        }
        return roundTrip(RolloutRecord.of(run.finish(RolloutOutcome.FAILED, "<marquee>failed</marquee>")));
    }

    private static RolloutRecord roundTrip(RolloutRecord record) {
        return RolloutRecord.fromJson(record.toJson());
    }
}
