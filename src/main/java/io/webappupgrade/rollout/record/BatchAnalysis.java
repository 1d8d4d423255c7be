package io.webappupgrade.rollout.record;

import java.time.Instant;
import java.util.List;

/**
 * The verification window after one batch was back in the load balancer: the new release's servers
 * against the baseline, and the verdict.
 *
 * @param batch         the batch's number (1 is the canary)
 * @param instanceIds   the batch's instances
 * @param verdict       {@code pass}, {@code error_rate}, {@code latency} or {@code not_enough_traffic}
 * @param message       the verdict for people: the counter, canary and baseline values, the threshold
 * @param canary        the batch's servers
 * @param baseline      the servers of the same backends still on the old release
 * @param maxErrorRate  the threshold {@code max_error_rate}
 * @param maxLatencyRatio the threshold {@code max_latency_ratio}
 * @param minRequests   the threshold {@code min_requests}
 */
public record BatchAnalysis(int batch, List<String> instanceIds, Instant startedAt, Instant endedAt,
        long durationMillis, String verdict, String message, WindowCounters canary, WindowCounters baseline,
        double maxErrorRate, double maxLatencyRatio, int minRequests) {

    public static final String PASS = "pass";
    public static final String ERROR_RATE = "error_rate";
    public static final String LATENCY = "latency";
    public static final String NOT_ENOUGH_TRAFFIC = "not_enough_traffic";

    public BatchAnalysis {
        instanceIds = List.copyOf(instanceIds);
    }

    /** Whether the window stopped the run. */
    public boolean breached() {
        return !PASS.equals(verdict);
    }
}
