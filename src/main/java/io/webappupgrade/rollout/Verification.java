package io.webappupgrade.rollout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verification window after a batch is back in the load balancer (docs/canary-analysis.md).
 *
 * @param window          how long the new release is watched ({@code verify_seconds}); zero: off
 * @param maxErrorRate    highest share of 5xx and errors among the new release's requests ({@code max_error_rate})
 * @param maxLatencyRatio highest new-release response time over the baseline's ({@code max_latency_ratio})
 * @param minRequests     fewest requests the new release must answer in the window to be judged ({@code min_requests})
 * @param canaryOnly      only the first batch is watched ({@code verify_canary_only})
 */
public record Verification(Duration window, double maxErrorRate, double maxLatencyRatio, int minRequests,
        boolean canaryOnly) {

    public static final double DEFAULT_MAX_ERROR_RATE = 0.02;
    public static final double DEFAULT_MAX_LATENCY_RATIO = 2.0;
    public static final int DEFAULT_MIN_REQUESTS = 20;
    public static final Verification OFF = new Verification(Duration.ZERO, DEFAULT_MAX_ERROR_RATE,
            DEFAULT_MAX_LATENCY_RATIO, DEFAULT_MIN_REQUESTS, false);

    public boolean on() {
        return !window.isZero();
    }

    /** Whether the window follows batch {@code number}. */
    public boolean after(int number) {
        return on() && (!canaryOnly || number == 1);
    }

    /** The parameters under their names, as the summary shows them. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verify_seconds", window.toMillis() / 1000.0);
        m.put("max_error_rate", maxErrorRate);
        m.put("max_latency_ratio", maxLatencyRatio);
        m.put("min_requests", minRequests);
        m.put("verify_canary_only", canaryOnly);
        return m;
    }
}
