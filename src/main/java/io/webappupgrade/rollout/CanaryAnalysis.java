package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.OperationFailedException;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.rollout.record.BatchAnalysis;
import io.webappupgrade.rollout.record.WindowCounters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification window after a batch is back in the load balancer: reads HAProxy's counters of
 * every server of the batch's load balancers through their {@value DeploymentOperations#LIST_SERVERS}
 * operation at the window's start and end (so it holds in every runtime), and compares the batch's
 * servers with the baseline, the servers of the same backends still on the old release. The rules
 * and their reasons: docs/canary-analysis.md.
 */
final class CanaryAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryAnalysis.class);
    /** How often a progress line is said during a window. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /**
     * Response times below this count as this in the latency ratio: HAProxy reports whole
     * milliseconds, and 0 ms against 1 ms is noise, not a release twice as slow.
     */
    static final long LATENCY_FLOOR_MS = 5;

    private final Deployment deployment;
    private final Verification rules;
    private final Clock clock;
    private final Sleeper sleeper;

    CanaryAnalysis(Deployment deployment, Verification rules, Clock clock, Sleeper sleeper) {
        this.deployment = deployment;
        this.rules = rules;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Watches {@code batch} for the window, when one follows it.
     *
     * @param canary       the instances of the batch now on the new release (a failed one is not)
     * @param onNewRelease every instance on the new release, which are not baseline
     */
    Optional<BatchAnalysis> watch(Batch batch, List<String> canary, Set<String> onNewRelease)
            throws InterruptedException {
        if (!rules.after(batch.number()) || canary.isEmpty()) {
            return Optional.empty();
        }
        Set<String> balancers = new LinkedHashSet<>();
        for (PlannedInstance i : batch.instances()) {
            i.lbRelationships().stream().map(RelationshipInstance::targetInstanceId).forEach(balancers::add);
        }
        Instant start = clock.instant();
        Map<String, ServerCounters> first;
        try {
            first = read(balancers);
        } catch (OperationFailedException | IllegalArgumentException e) {
            return Optional.of(unreadable(batch, start, e));
        }
        deployment.publishEvent("batch " + batch.number() + " (" + String.join(", ", canary) + "): verification window of "
                + seconds(rules.window()) + " s started");
        Instant end = start.plus(rules.window());
        Map<String, ServerCounters> last = first;
        while (true) {
            Duration left = Duration.between(clock.instant(), end);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            sleeper.sleep(left.compareTo(PROGRESS_EVERY) < 0 ? left : PROGRESS_EVERY);
            try {
                last = read(balancers);
            } catch (OperationFailedException | IllegalArgumentException e) {
                return Optional.of(unreadable(batch, start, e));
            }
            if (clock.instant().isBefore(end)) {
                deployment.publishEvent("batch " + batch.number() + " verifying: " + progress(
                        side(canary, first, last), side(baselineOf(first, canary, onNewRelease), first, last)));
            }
        }
        Instant ended = clock.instant();
        WindowCounters c = side(canary, first, last);
        WindowCounters b = side(baselineOf(first, canary, onNewRelease), first, last);
        String[] verdict = verdict(c, b);
        BatchAnalysis analysis = new BatchAnalysis(batch.number(), canary, start, ended,
                Duration.between(start, ended).toMillis(), verdict[0], "batch " + batch.number() + " (" + String.join(", ",
                canary) + ") " + verdict[1], c, b, rules.maxErrorRate(), rules.maxLatencyRatio(), rules.minRequests());
        deployment.publishEvent(analysis.message());
        LOG.info(analysis.message());
        return Optional.of(analysis);
    }

    /** [verdict, text]: the first rule broken, or pass; the text names the counter, both values, the threshold. */
    String[] verdict(WindowCounters canary, WindowCounters baseline) {
        String seen = canary.requests() + " request(s) in " + seconds(rules.window()) + " s";
        if (canary.requests() < rules.minRequests()) {
            return new String[] {BatchAnalysis.NOT_ENOUGH_TRAFFIC, "not verified: not enough traffic: the new release"
                    + " answered " + seen + ", fewer than min_requests " + rules.minRequests()
                    + "; a release that was not judged does not go further (send traffic, lengthen verify_seconds,"
                    + " or lower min_requests)"};
        }
        if (canary.errorRate() > rules.maxErrorRate()) {
            return new String[] {BatchAnalysis.ERROR_RATE, "failed verification: error rate (hrsp_5xx + eresp + econ)"
                    + " of the new release " + percent(canary.errorRate()) + " (" + canary.errors() + " of "
                    + canary.requests() + ") against baseline " + (baseline.requests() == 0 ? "none (no traffic)"
                    : percent(baseline.errorRate()) + " (" + baseline.errors() + " of " + baseline.requests() + ")")
                    + ", above max_error_rate " + percent(rules.maxErrorRate())};
        }
        if (baseline.requests() > 0 && canary.responseTimeMs() >= 0) {
            double ratio = (double) Math.max(canary.responseTimeMs(), LATENCY_FLOOR_MS)
                    / Math.max(baseline.responseTimeMs(), LATENCY_FLOOR_MS);
            if (ratio > rules.maxLatencyRatio()) {
                return new String[] {BatchAnalysis.LATENCY, "failed verification: response time (rtime) of the new"
                        + " release " + canary.responseTimeMs() + " ms against baseline " + baseline.responseTimeMs()
                        + " ms, ratio " + String.format(Locale.ROOT, "%.2f", ratio) + " above max_latency_ratio "
                        + trim(rules.maxLatencyRatio())};
            }
        }
        return new String[] {BatchAnalysis.PASS, "passed verification: " + progress(canary, baseline)};
    }

    private static String progress(WindowCounters canary, WindowCounters baseline) {
        return "new release " + canary.requests() + " request(s), error rate " + percent(canary.errorRate())
                + ", rtime " + ms(canary) + "; baseline " + baseline.requests() + " request(s), error rate "
                + percent(baseline.errorRate()) + ", rtime " + ms(baseline);
    }

    private BatchAnalysis unreadable(Batch batch, Instant start, Exception e) {
        WindowCounters none = new WindowCounters(List.of(), 0, 0, 0, 0, 0, 0, -1);
        Instant now = clock.instant();
        String message = "batch " + batch.number() + " (" + String.join(", ", batch.instanceIds()) + ") not verified:"
                + " the load balancer's counters could not be read (" + e.getMessage() + ")";
        deployment.publishEvent(message);
        return new BatchAnalysis(batch.number(), batch.instanceIds(), start, now, Duration.between(start, now).toMillis(),
                BatchAnalysis.NOT_ENOUGH_TRAFFIC, message, none, none, rules.maxErrorRate(), rules.maxLatencyRatio(),
                rules.minRequests());
    }

    private Map<String, ServerCounters> read(Set<String> balancers) throws InterruptedException {
        Map<String, ServerCounters> out = new LinkedHashMap<>();
        for (String lb : balancers) {
            out.put(lb, ServerCounters.of(BalancerReadings.listServers(deployment, lb)));
        }
        return out;
    }

    /** The baseline: every server of the balancers at the window's start, except the new release's. */
    private static Map<String, List<String>> baselineOf(Map<String, ServerCounters> first, List<String> canary,
            Set<String> onNewRelease) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        first.forEach((lb, counters) -> out.put(lb, counters.byServer().keySet().stream()
                .filter(s -> !canary.contains(s) && !onNewRelease.contains(s)).sorted().toList()));
        return out;
    }

    private static WindowCounters side(List<String> servers, Map<String, ServerCounters> first,
            Map<String, ServerCounters> last) {
        Map<String, List<String>> byLb = new LinkedHashMap<>();
        first.keySet().forEach(lb -> byLb.put(lb, servers));
        return side(byLb, first, last);
    }

    private static WindowCounters side(Map<String, List<String>> serversByLb, Map<String, ServerCounters> first,
            Map<String, ServerCounters> last) {
        long requests = 0;
        long hrsp5xx = 0;
        long eresp = 0;
        long econ = 0;
        long weightedTime = 0;
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : serversByLb.entrySet()) {
            ServerCounters start = first.get(e.getKey());
            ServerCounters end = last.get(e.getKey());
            for (String s : e.getValue()) {
                if (!end.byServer().containsKey(s)) {
                    continue;
                }
                names.add(s);
                long r = end.requestsSince(start, s);
                requests += r;
                hrsp5xx += end.delta(start, s, "hrsp_5xx");
                eresp += end.delta(start, s, "eresp");
                econ += end.delta(start, s, "econ");
                weightedTime += r * end.get(s, "rtime");
            }
        }
        long errors = hrsp5xx + eresp + econ;
        return new WindowCounters(List.copyOf(names), requests, errors, hrsp5xx, eresp, econ,
                requests == 0 ? 0 : (double) errors / requests, requests == 0 ? -1 : Math.round((double) weightedTime / requests));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String ms(WindowCounters side) {
        return side.responseTimeMs() < 0 ? "n/a" : side.responseTimeMs() + " ms";
    }

    private static String seconds(Duration d) {
        return trim(d.toMillis() / 1000.0);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
