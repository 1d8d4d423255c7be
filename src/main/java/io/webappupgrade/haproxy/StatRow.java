package io.webappupgrade.haproxy;

import java.util.Map;

/**
 * One line of {@code show stat}: a frontend, backend or server. The typed fields are the ones
 * this project acts on; {@link #fields()} keeps every column by its header name.
 *
 * @param proxy        {@code pxname}: the frontend or backend name
 * @param name         {@code svname}: the server name, or FRONTEND / BACKEND
 * @param status       {@code status}, for example {@code UP}, {@code DOWN}, {@code DRAIN}, {@code MAINT}, {@code UP 1/3}
 * @param currentSessions {@code scur}
 * @param queued       {@code qcur}
 * @param checkStatus  {@code check_status}, for example {@code L7OK}; empty when no check ran
 * @param address      {@code addr}, {@code ip:port} of a server; empty for proxies
 */
public record StatRow(String proxy, String name, String status, long currentSessions, long queued,
                      String checkStatus, String address, Map<String, String> fields) {

    public StatRow {
        fields = Map.copyOf(fields);
    }

    /** True when the server has nothing in flight for it: no session and no queued request. */
    public boolean idle() {
        return currentSessions == 0 && queued == 0;
    }

    /**
     * True when the last health check passed (layer 4, 6 or 7). HAProxy marks a check under way
     * with a leading {@code "* "} before the last result.
     */
    public boolean checkPassed() {
        return checkStatus.replaceFirst("^\\* ", "").matches("L[467]OK");
    }
}
