package io.webappupgrade.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a load probe saw during a rollout, in time slices of {@code bucketMillis}: requests that
 * succeeded, failed, and which version answered. Slices without a request are left out.
 *
 * @param startedAt    when the probe started; slice {@code k} begins at {@code startedAt + k * bucketMillis}
 * @param bucketMillis the width of a slice
 * @param buckets      the slices with at least one request, oldest first
 */
public record ProbeTimeline(Instant startedAt, long bucketMillis, List<ProbeBucket> buckets) {

    /** Fine enough to show a drain of a second, coarse enough to keep a half-hour rollout small. */
    public static final Duration DEFAULT_BUCKET = Duration.ofMillis(250);
    /** Slices narrower than this would only add noise to the report. */
    public static final Duration MIN_BUCKET = Duration.ofMillis(10);
    /** A probe longer than this is a mistake (a clock jump, a wrong timestamp), not a rollout. */
    public static final Duration MAX_SPAN = Duration.ofHours(24);

    public ProbeTimeline {
        Objects.requireNonNull(startedAt, "startedAt");
        checkWidth(Duration.ofMillis(bucketMillis));
        buckets = buckets == null ? List.of() : List.copyOf(buckets);
        long previous = -1;
        for (ProbeBucket b : buckets) {
            long offset = Duration.between(startedAt, b.startedAt()).toMillis();
            if (offset < 0 || offset % bucketMillis != 0 || offset / bucketMillis <= previous) {
                throw new IllegalArgumentException("probe bucket at " + b.startedAt() + " does not fit: buckets must"
                        + " start at " + startedAt + " plus a multiple of " + bucketMillis + " ms, oldest first, once each");
            }
            if (offset >= MAX_SPAN.toMillis()) {
                throw new IllegalArgumentException("probe bucket at " + b.startedAt() + " is more than " + MAX_SPAN.toHours()
                        + " h after the probe started at " + startedAt);
            }
            previous = offset / bucketMillis;
        }
    }

    /** Puts raw samples into slices of {@code bucketWidth}, starting at the earliest sample. */
    public static ProbeTimeline of(Collection<ProbeSample> samples, Duration bucketWidth) {
        Instant start = samples.stream().map(ProbeSample::at).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        ProbeRecorder recorder = new ProbeRecorder(start, bucketWidth);
        samples.forEach(recorder::record);
        return recorder.timeline();
    }

    /** {@link #of(Collection, Duration)} with {@link #DEFAULT_BUCKET}. */
    public static ProbeTimeline of(Collection<ProbeSample> samples) {
        return of(samples, DEFAULT_BUCKET);
    }

    /** The end of the last slice with a request; {@link #startedAt()} when there is none. */
    public Instant endedAt() {
        return buckets.isEmpty() ? startedAt : buckets.get(buckets.size() - 1).startedAt().plusMillis(bucketMillis);
    }

    public int okCount() {
        return buckets.stream().mapToInt(ProbeBucket::ok).sum();
    }

    public int failedCount() {
        return buckets.stream().mapToInt(ProbeBucket::failed).sum();
    }

    /** Every version that answered, in the order they first did. */
    public List<String> versions() {
        Set<String> seen = new LinkedHashSet<>();
        buckets.forEach(b -> seen.addAll(b.versions().keySet()));
        return List.copyOf(seen);
    }

    static void checkWidth(Duration width) {
        if (width.compareTo(MIN_BUCKET) < 0 || width.compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("probe bucket width " + width.toMillis() + " ms is not allowed: use "
                    + MIN_BUCKET.toMillis() + " ms to " + MAX_SPAN.toHours() + " h");
        }
    }
}
