package io.webappupgrade.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts a load probe's requests into time slices as they come, so a long probe keeps one small
 * counter per slice rather than every sample. Safe for the probe's threads.
 */
public final class ProbeRecorder {

    private final Instant start;
    private final long widthMillis;
    private final TreeMap<Long, Counts> slices = new TreeMap<>();

    /**
     * @param start       samples before it are refused
     * @param bucketWidth from {@link ProbeTimeline#MIN_BUCKET} to {@link ProbeTimeline#MAX_SPAN}
     */
    public ProbeRecorder(Instant start, Duration bucketWidth) {
        this.start = Objects.requireNonNull(start, "start");
        ProbeTimeline.checkWidth(bucketWidth);
        this.widthMillis = bucketWidth.toMillis();
    }

    /**
     * Counts one request.
     *
     * @throws IllegalArgumentException when {@code sample} is before the start or more than
     *                                  {@link ProbeTimeline#MAX_SPAN} after it; nothing is counted then
     */
    public void record(ProbeSample sample) {
        long offset = Duration.between(start, sample.at()).toMillis();
        if (offset < 0 || offset >= ProbeTimeline.MAX_SPAN.toMillis()) {
            throw new IllegalArgumentException("probe sample at " + sample.at() + " is outside the probe's time: it must"
                    + " be from " + start + " to " + ProbeTimeline.MAX_SPAN.toHours() + " h later");
        }
        long slice = offset / widthMillis;
        synchronized (slices) {
            slices.computeIfAbsent(slice, s -> new Counts()).add(sample);
        }
    }

    /** Counts one request; {@code version} is null when unknown. */
    public void record(Instant at, boolean ok, String version) {
        record(new ProbeSample(at, ok, version));
    }

    /** What was counted so far. */
    public ProbeTimeline timeline() {
        List<ProbeBucket> buckets = new ArrayList<>();
        synchronized (slices) {
            slices.forEach((slice, counts) -> buckets.add(counts.bucket(start.plusMillis(slice * widthMillis))));
        }
        return new ProbeTimeline(start, widthMillis, buckets);
    }

    private static final class Counts {
        private int ok;
        private int failed;
        private final Map<String, Integer> versions = new LinkedHashMap<>();

        void add(ProbeSample sample) {
            if (!sample.ok()) {
                failed++;
                return;
            }
            ok++;
            if (sample.version() != null) {
                versions.merge(sample.version(), 1, Integer::sum);
            }
        }

        ProbeBucket bucket(Instant at) {
            return new ProbeBucket(at, ok, failed, versions);
        }
    }
}
