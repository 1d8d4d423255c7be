package io.webappupgrade.cli;

import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** The demo's steady requests through HAProxy, and what they saw: failures and versions per second. */
final class DemoTraffic implements AutoCloseable {

    private final LoadGenerator load;

    DemoTraffic(String frontendUrl, int rate, int slowPercent, int slowMillis) {
        load = new LoadGenerator(new LoadProfile(URI.create(frontendUrl), rate, slowPercent / 100.0,
                Duration.ofMillis(slowMillis), Duration.ofSeconds(30)));
    }

    void start() {
        load.start(Duration.ofMinutes(30));
    }

    /** The running load as the rollout's probe, so the report shows what it saw. */
    Probe probe() {
        return Probe.running(load);
    }

    /** Stops the load and prints the failed requests and the per-second version histogram. */
    LoadReport stopAndPrint(PrintStream out) {
        LoadReport report = load.stop();
        print(out, report);
        return report;
    }

    @Override
    public void close() {
        load.close();
    }

    private static void print(PrintStream out, LoadReport report) {
        out.println();
        out.printf("Requests: %d sent, %d failed%n", report.sent(), report.failed());
        report.failures().stream().limit(5).forEach(f -> out.println("  failed: " + f));
        SortedMap<Long, Map<String, Long>> perSecond = report.versionsPerSecond();
        List<String> versions = perSecond.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
        String marks = "#=+o*";
        StringBuilder legend = new StringBuilder("Versions answered, one line a second (");
        for (int i = 0; i < versions.size(); i++) {
            legend.append(i == 0 ? "" : ", ").append(marks.charAt(i % marks.length())).append(' ').append(versions.get(i));
        }
        out.println(legend.append("):"));
        long first = perSecond.isEmpty() ? 0 : perSecond.firstKey();
        perSecond.forEach((second, counts) -> {
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder bar = new StringBuilder();
            StringBuilder figures = new StringBuilder();
            for (int i = 0; i < versions.size(); i++) {
                long n = counts.getOrDefault(versions.get(i), 0L);
                bar.append(String.valueOf(marks.charAt(i % marks.length())).repeat((int) Math.round(40.0 * n / Math.max(1, total))));
                if (n > 0) {
                    figures.append(' ').append(versions.get(i)).append(' ').append(n);
                }
            }
            out.printf("  +%3ds %-41s%s%n", second - first, bar, figures);
        });
    }
}
