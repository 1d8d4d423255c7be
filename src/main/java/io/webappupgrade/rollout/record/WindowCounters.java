package io.webappupgrade.rollout.record;

import java.util.List;

/**
 * What one side of a verification window (the servers on the new release, or the baseline: the
 * servers of the same backend still on the old one) did during the window, from HAProxy's counters
 * read at its start and its end.
 *
 * @param servers        the servers counted
 * @param requests       responses of any status plus connection and response errors (deltas)
 * @param errors         {@code hrsp_5xx + eresp + econ} (deltas)
 * @param hrsp5xx        delta of {@code hrsp_5xx}
 * @param eresp          delta of {@code eresp}
 * @param econ           delta of {@code econ}
 * @param errorRate      errors / requests; 0 without requests
 * @param responseTimeMs HAProxy's {@code rtime} (average over each server's last 1024 requests) at the
 *                       window's end, weighted by each server's requests; -1 without requests
 */
public record WindowCounters(List<String> servers, long requests, long errors, long hrsp5xx, long eresp, long econ,
        double errorRate, long responseTimeMs) {

    public WindowCounters {
        servers = List.copyOf(servers);
    }
}
