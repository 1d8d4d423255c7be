package io.webappupgrade.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe's slices merged into columns at least {@code minWidth} wide on a {@link TimeScale}, so a
 * long probe draws a bounded number of bars however fine its slices are.
 */
final class ProbeColumns {

    /** The merged counts of one column. */
    record Column(Instant startedAt, long millis, int ok, int failed, Map<String, Integer> versions) {
        int withoutVersion() {
            return ok - versions.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private ProbeColumns() {
    }

    static List<Column> of(ProbeTimeline probe, TimeScale scale, double minWidth) {
        double sliceWidth = scale.length(probe.bucketMillis());
        long perColumn = Math.max(1, (long) Math.ceil(minWidth / Math.max(sliceWidth, 1e-9)));
        long millis = probe.bucketMillis() * perColumn;
        Map<Long, Column> columns = new LinkedHashMap<>();
        for (ProbeBucket b : probe.buckets()) {
            long index = Duration.between(probe.startedAt(), b.startedAt()).toMillis() / millis;
            columns.merge(index, new Column(probe.startedAt().plusMillis(index * millis), millis, b.ok(), b.failed(),
                    b.versions()), ProbeColumns::add);
        }
        return new ArrayList<>(columns.values());
    }

    private static Column add(Column a, Column b) {
        Map<String, Integer> versions = new LinkedHashMap<>(a.versions());
        b.versions().forEach((v, count) -> versions.merge(v, count, Integer::sum));
        return new Column(a.startedAt(), a.millis(), a.ok() + b.ok(), a.failed() + b.failed(), versions);
    }
}
