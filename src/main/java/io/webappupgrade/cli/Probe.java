package io.webappupgrade.cli;

import io.webappupgrade.report.ProbeSample;
import io.webappupgrade.report.ProbeTimeline;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadReport;
import io.webappupgrade.traffic.RequestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests sent through the load balancer while a rollout runs, so the report can show which
 * versions users got and whether any request failed.
 */
final class Probe implements AutoCloseable {

    private final LoadGenerator traffic;
    private final boolean started;

    private Probe(LoadGenerator traffic, boolean start) {
        this.traffic = traffic;
        this.started = start;
        if (start) {
            traffic.start(Duration.ofHours(6));
        }
    }

    /** Starts sending {@code traffic}'s requests now. */
    static Probe start(LoadGenerator traffic) {
        return new Probe(traffic, true);
    }

    /** Wraps traffic that is already running (the demo's own). */
    static Probe running(LoadGenerator traffic) {
        return new Probe(traffic, false);
    }

    LoadReport snapshot() {
        return traffic.snapshot();
    }

    static ProbeTimeline timeline(LoadReport report) {
        List<ProbeSample> samples = new ArrayList<>();
        for (RequestResult r : report.results()) {
            samples.add(new ProbeSample(r.start(), !r.failed(), r.answeredVersion().orElse(null)));
        }
        return ProbeTimeline.of(samples);
    }

    @Override
    public void close() {
        if (started) {
            traffic.close();
        }
    }
}
