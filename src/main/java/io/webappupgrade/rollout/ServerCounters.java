package io.webappupgrade.rollout;

import io.webappupgrade.values.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of the servers of one load balancer at one moment, by server name, as
 * {@code list_servers} recorded them (each server's {@code counters}).
 */
record ServerCounters(Map<String, Map<String, Long>> byServer) {

    static final List<String> RESPONSES = List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
            "hrsp_other");

    ServerCounters {
        byServer = Map.copyOf(byServer);
    }

    static ServerCounters of(List<Map<?, ?>> servers) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Map<?, ?> s : servers) {
            Map<String, Long> counters = new LinkedHashMap<>();
            if (s.get("counters") instanceof Map<?, ?> c) {
                c.forEach((k, v) -> counters.put(String.valueOf(k),
                        Values.decimal(v).map(java.math.BigDecimal::longValue).orElse(0L)));
            }
            out.put(String.valueOf(s.get("name")), counters);
        }
        return new ServerCounters(out);
    }

    long get(String server, String counter) {
        return byServer.getOrDefault(server, Map.of()).getOrDefault(counter, 0L);
    }

    /** Requests of {@code server} between {@code start} and this: responses of any status plus errors. */
    long requestsSince(ServerCounters start, String server) {
        long n = delta(start, server, "econ") + delta(start, server, "eresp");
        for (String r : RESPONSES) {
            n += delta(start, server, r);
        }
        return n;
    }

    /**
     * The change of one counter; a counter that went down (the server was re-added, which starts
     * its counters again) counts from 0.
     */
    long delta(ServerCounters start, String server, String counter) {
        long now = get(server, counter);
        long then = start.get(server, counter);
        return now >= then ? now - then : now;
    }
}
