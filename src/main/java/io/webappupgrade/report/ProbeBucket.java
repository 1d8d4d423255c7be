package io.webappupgrade.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The probe's requests sent during one time slice.
 *
 * @param startedAt where the slice begins
 * @param ok        requests answered successfully
 * @param failed    requests that failed
 * @param versions  successful answers by the version that gave them; answers without a version are
 *                  counted in {@code ok} only
 */
public record ProbeBucket(Instant startedAt, int ok, int failed, Map<String, Integer> versions) {

    public ProbeBucket {
        Objects.requireNonNull(startedAt, "startedAt");
        if (ok < 0 || failed < 0) {
            throw new IllegalArgumentException("probe bucket at " + startedAt + ": counts must not be negative (ok "
                    + ok + ", failed " + failed + ")");
        }
        versions = versions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        int answered = 0;
        for (Map.Entry<String, Integer> e : versions.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("probe bucket at " + startedAt
                        + ": versions must map a version to a count of zero or more");
            }
            answered += e.getValue();
        }
        if (answered > ok) {
            throw new IllegalArgumentException("probe bucket at " + startedAt + ": " + answered
                    + " answers by version, but only " + ok + " successful requests");
        }
    }

    /** Requests sent in this slice. */
    public int total() {
        return ok + failed;
    }

    /** Successful answers that named no version. */
    public int withoutVersion() {
        return ok - versions.values().stream().mapToInt(Integer::intValue).sum();
    }
}
