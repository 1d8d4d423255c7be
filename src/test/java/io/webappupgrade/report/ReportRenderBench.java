package io.webappupgrade.report;

import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.time.Duration;
import java.util.Arrays;

/**
 * How long a large report takes to draw and how big it gets: 100 instances in batches of 5 with
 * 10 s delays, and a load probe sampled every 5 ms over the whole run (about 30 minutes) in 250 ms
 * slices. Prints median times of the HTML report, the terminal timeline and reading the record
 * back, and the sizes of the JSON record and the HTML file.
 *
 * <p>Run after {@code mvn test-compile}, with the test class path:
 * {@code java -cp target/classes:target/test-classes:<dependencies> io.webappupgrade.report.ReportRenderBench [rounds]}.
 */
public final class ReportRenderBench {

    private ReportRenderBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        RolloutRecord record = largeRollout();
        String json = record.toJson();
        ReportWriter writer = new ReportWriter();
        String html = writer.render(record);

        long[] render = new long[rounds];
        long[] terminal = new long[rounds];
        long[] read = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            writer.render(record);
            long t1 = System.nanoTime();
            TerminalTimeline.render(record, 120);
            long t2 = System.nanoTime();
            RolloutRecord.fromJson(json);
            long t3 = System.nanoTime();
            render[i] = t1 - t0;
            terminal[i] = t2 - t1;
            read[i] = t3 - t2;
        }
        System.out.printf("instances: %d, run: %s, probe slices: %d, requests: %,d%n",
                record.summary().instances().size(), Durations.text(record.summary().durationMillis()),
                record.probe().buckets().size(), record.probe().okCount() + record.probe().failedCount());
        System.out.printf("record JSON: %,d bytes; HTML report: %,d bytes%n", json.length(), html.length());
        System.out.printf("median of %d: HTML render %.1f ms, terminal timeline %.1f ms, JSON read %.1f ms%n", rounds,
                median(render), median(terminal), median(read));
    }

    private static RolloutRecord largeRollout() {
        RecordedRun run = new RecordedRun("big", "webapp_upgrade", Rollouts.T0);
        int batches = 20;
        for (int b = 1; b <= batches; b++) {
            var batchStart = run.now();
            var latest = batchStart;
            for (int i = 1; i <= 5; i++) {
                // The five of a batch run side by side: each starts at the batch start.
                run.elapse(Duration.between(run.now(), batchStart).toMillis() + 30L * i);
                String id = String.format("web_%03d", (b - 1) * 5 + i);
                run.instance(id, b, "1.0.0", "2.0.0").pass(Phase.UPGRADE, 8_000 + 300L * i, 60_000 + 1_000L * i, 80)
                        .status(InstanceStatus.UPGRADED);
                latest = run.now().isAfter(latest) ? run.now() : latest;
            }
            run.elapse(Duration.between(run.now(), latest).toMillis());
            if (b < batches) {
                run.delay(b, 10_000);
            }
        }
        RolloutSummary summary = run.finish(RolloutOutcome.SUCCEEDED, "upgraded 100 instance(s) to 2.0.0");
        ProbeTimeline probe = new SimulatedProbe(summary).run(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(5), ProbeTimeline.DEFAULT_BUCKET);
        return new RolloutRecord(summary, probe);
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
