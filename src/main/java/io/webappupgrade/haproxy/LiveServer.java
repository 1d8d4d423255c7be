package io.webappupgrade.haproxy;

import java.util.LinkedHashMap;
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
 */
public record LiveServer(String name, String address, boolean up, ServerAdminState adminState, String status,
        long sessions) {

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
        return m;
    }
}
