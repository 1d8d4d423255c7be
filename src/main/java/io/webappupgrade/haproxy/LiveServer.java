package io.webappupgrade.haproxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server of the backend as HAProxy sees it right now (runtime API), for callers that must
 * know how many servers take traffic before they take one out.
 *
 * @param name        the server name (the app instance id for servers this project added)
 * @param address     {@code ip:port}
 * @param up          whether HAProxy considers it running (operational state "running", i.e. its checks pass)
 * @param adminState  READY, DRAIN or MAINT
 * @param status      HAProxy's own status text ({@code UP}, {@code DOWN 1/2}, {@code DRAIN}, {@code no check}...)
 * @param sessions    sessions in flight
 * @param counters    HAProxy's traffic counters of the server by their {@code show stat} names
 *                    ({@link #COUNTERS}; cumulative since the server was added) and its average
 *                    times over its last 1024 requests ({@link #TIMES}, milliseconds); 0 when HAProxy
 *                    left the column empty
 */
public record LiveServer(String name, String address, boolean up, ServerAdminState adminState, String status,
        long sessions, Map<String, Long> counters) {

    /** The cumulative counters a caller can take deltas of: responses by status class, errors, retries. */
    public static final List<String> COUNTERS = List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
            "hrsp_other", "econ", "eresp", "wretr", "wredis");
    /** Average queue, connect, response and total times over the server's last 1024 requests, in ms. */
    public static final List<String> TIMES = List.of("qtime", "ctime", "rtime", "ttime");

    public LiveServer {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** The counters and times of one {@code show stat} line, by their column names. */
    static Map<String, Long> countersOf(StatRow stat) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String column : java.util.stream.Stream.concat(COUNTERS.stream(), TIMES.stream()).toList()) {
            String v = stat == null ? "" : stat.fields().getOrDefault(column, "");
            long n = 0;
            try {
                n = v.isEmpty() ? 0 : Long.parseLong(v);
            } catch (NumberFormatException e) {
                // a column HAProxy does not fill for this row reads as 0
            }
            out.put(column, n);
        }
        return out;
    }

    /** Whether it takes new traffic: UP and READY. */
    public boolean serving() {
        return up && adminState == ServerAdminState.READY;
    }

    /** The shape written to the HAProxy instance's {@code servers} runtime property and returned. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("address", address);
        m.put("operational", up ? "UP" : "DOWN");
        m.put("admin_state", adminState.name());
        m.put("status", status);
        m.put("sessions", sessions);
        m.put("counters", counters);
        return m;
    }
}
