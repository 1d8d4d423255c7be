package io.webappupgrade.haproxy;

import java.util.Map;

/**
 * One server of {@code show servers state}: what HAProxy would write to a server-state file.
 *
 * @param operationalState {@code srv_op_state}: 0 stopped, 1 starting, 2 running, 3 stopping
 * @param adminState       {@code srv_admin_state}: a bit field of maintenance (mask 0x23) and drain (mask 0x18) causes
 */
public record ServerStateRow(String backend, String name, String address, int port,
                             int operationalState, int adminState, Map<String, String> fields) {

    public ServerStateRow {
        fields = Map.copyOf(fields);
    }

    public boolean inMaintenance() {
        return (adminState & 0x23) != 0;
    }

    public boolean draining() {
        return (adminState & 0x18) != 0;
    }
}
