package io.webappupgrade.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProbeTimelineTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void samplesAreCountedIntoSlicesFromTheFirstSample() {
        ProbeTimeline timeline = ProbeTimeline.of(List.of(
                new ProbeSample(T.plusMillis(10), true, "1.0.0"),
                new ProbeSample(T.plusMillis(240), true, "1.0.0"),
                new ProbeSample(T.plusMillis(200), false, null),
                new ProbeSample(T.plusMillis(270), true, "2.0.0"),
                new ProbeSample(T.plusMillis(300), true, null),
                new ProbeSample(T.plusMillis(1_000), true, "2.0.0")));

        assertThat(timeline.startedAt()).isEqualTo(T.plusMillis(10));
        assertThat(timeline.bucketMillis()).isEqualTo(250);
        assertThat(timeline.buckets()).containsExactly(
                new ProbeBucket(T.plusMillis(10), 2, 1, Map.of("1.0.0", 2)),
                new ProbeBucket(T.plusMillis(260), 2, 0, Map.of("2.0.0", 1)),
                new ProbeBucket(T.plusMillis(760), 1, 0, Map.of("2.0.0", 1)));
        assertThat(timeline.buckets().get(1).withoutVersion()).isEqualTo(1);
        assertThat(timeline.okCount()).isEqualTo(5);
        assertThat(timeline.failedCount()).isEqualTo(1);
        assertThat(timeline.versions()).containsExactly("1.0.0", "2.0.0");
        assertThat(timeline.endedAt()).isEqualTo(T.plusMillis(1_010));
    }

    @Test
    void noSamplesGiveAnEmptyTimeline() {
        assertThat(ProbeTimeline.of(List.of()).buckets()).isEmpty();
    }

    @Test
    void theRecorderCountsEverySampleFromManyThreads() throws Exception {
        ProbeRecorder recorder = new ProbeRecorder(T, Duration.ofMillis(100));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        recorder.record(T.plusMillis(i % 1_000), i % 50 != 0, thread % 2 == 0 ? "1.0.0" : "2.0.0");
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        ProbeTimeline timeline = recorder.timeline();
        assertThat(timeline.buckets()).hasSize(10);
        assertThat(timeline.okCount() + timeline.failedCount()).isEqualTo(20_000);
        assertThat(timeline.failedCount()).isEqualTo(400);
        assertThat(timeline.buckets()).allSatisfy(b -> assertThat(b.versions().values().stream()
                .mapToInt(Integer::intValue).sum()).isEqualTo(b.ok()));
    }

    @Test
    void aSampleOutsideTheProbesTimeIsRefusedAndNotCounted() {
        ProbeRecorder recorder = new ProbeRecorder(T, ProbeTimeline.DEFAULT_BUCKET);
        recorder.record(T, true, "1.0.0");

        assertThatThrownBy(() -> recorder.record(T.minusMillis(1), true, "1.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probe sample at 2026-03-01T09:59:59.999Z is outside the probe's time: it must be from "
                        + "2026-03-01T10:00:00Z to 24 h later");
        assertThatThrownBy(() -> recorder.record(T.plus(Duration.ofDays(2)), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the probe's time");
        assertThat(recorder.timeline().okCount() + recorder.timeline().failedCount()).isEqualTo(1);
    }

    @Test
    void aSliceWidthOutsideTheAllowedRangeIsRefused() {
        assertThatThrownBy(() -> new ProbeRecorder(T, Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probe bucket width 5 ms is not allowed: use 10 ms to 24 h");
        assertThatThrownBy(() -> ProbeTimeline.of(List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 ms is not allowed");
    }

    @Test
    void aBucketCannotCountMoreVersionedAnswersThanSuccessfulRequests() {
        assertThatThrownBy(() -> new ProbeBucket(T, 1, 0, Map.of("1.0.0", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probe bucket at 2026-03-01T10:00:00Z: 2 answers by version, but only 1 successful requests");
    }
}
