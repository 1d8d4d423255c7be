package io.webappupgrade.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every request a load run sent, in the order they were sent, and what they add up to. */
public record LoadReport(Instant started, List<RequestResult> results) {

    public LoadReport {
        results = results.stream().sorted(Comparator.comparingLong(RequestResult::sequence)).toList();
    }

    public int sent() {
        return results.size();
    }

    /** Requests answered with a non-2xx status or not answered at all. */
    public List<RequestResult> failures() {
        return results.stream().filter(RequestResult::failed).toList();
    }

    public int failed() {
        return failures().size();
    }

    /** For each second since the start, how many answers named each version. */
    public SortedMap<Long, Map<String, Long>> versionsPerSecond() {
        SortedMap<Long, Map<String, Long>> out = new TreeMap<>();
        for (RequestResult r : results) {
            r.answeredVersion().ifPresent(v -> out
                    .computeIfAbsent(Duration.between(started, r.start()).toSeconds(), s -> new TreeMap<>())
                    .merge(v, 1L, Long::sum));
        }
        return out;
    }

    /** One line for a log or a benchmark: sent, failed, and the versions answered in order of first sight. */
    public String summary() {
        Map<String, Long> versions = results.stream().filter(r -> !r.version().isEmpty())
                .collect(Collectors.groupingBy(RequestResult::version, TreeMap::new, Collectors.counting()));
        String errors = failures().stream()
                .collect(Collectors.groupingBy(r -> r.status() == 0 ? r.error() : "HTTP " + r.status(), TreeMap::new, Collectors.counting()))
                .toString();
        return "sent " + sent() + ", failed " + failed() + (failed() > 0 ? " " + errors : "") + ", versions " + versions;
    }
}
