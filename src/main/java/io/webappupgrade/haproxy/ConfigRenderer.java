package io.webappupgrade.haproxy;

import java.util.ArrayList;
import java.util.List;

/** Writes haproxy.cfg from the node's settings and the current backend set. */
public final class ConfigRenderer {

    public String render(HaproxySettings s, List<BackendServer> servers) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by webapp-upgrade from the HAProxy node's properties and its backend set.\n")
           .append("# Edits are lost: every backend change rewrites this file.\n")
           .append("global\n")
           .append("    stats socket ").append(s.statsSocket()).append(" mode 600 level admin\n")
           .append("    stats timeout 30s\n")
           // Without SO_REUSEPORT a second HAProxy on the same address fails to bind instead of
           // silently splitting the traffic; reloads keep working (the master hands the
           // listening sockets over to the new worker).
           .append("    noreuseport\n")
           .append("\n")
           .append("defaults\n")
           .append("    mode http\n")
           .append("    option redispatch\n")
           .append("    retries 3\n")
           .append("    timeout connect ").append(s.connectTimeout().toMillis()).append("ms\n")
           .append("    timeout client ").append(s.clientTimeout().toMillis()).append("ms\n")
           .append("    timeout server ").append(s.serverTimeout().toMillis()).append("ms\n")
           .append("\n")
           .append("frontend http_in\n")
           .append("    bind ").append(bindAddress(s.frontendAddress(), s.frontendPort())).append('\n')
           .append("    default_backend ").append(s.backendName()).append('\n')
           .append("\n")
           .append("backend ").append(s.backendName()).append('\n')
           .append("    balance ").append(s.balance()).append('\n');
        if (s.healthChecks() && !s.healthCheckPath().isEmpty()) {
            out.append("    option httpchk GET ").append(s.healthCheckPath()).append('\n');
        }
        for (BackendServer server : servers) {
            out.append("    server ").append(server.name()).append(' ').append(server.hostPort());
            serverOptions(s).forEach(o -> out.append(' ').append(o));
            if (!server.enabled()) {
                out.append(" disabled");
            }
            out.append('\n');
        }
        if (s.statsPort() != 0) {
            out.append("\n")
               .append("listen stats\n")
               .append("    bind ").append(bindAddress(s.statsAddress(), s.statsPort())).append('\n')
               .append("    stats enable\n")
               .append("    stats uri /\n")
               .append("    stats refresh 5s\n");
        }
        return out.toString();
    }

    /**
     * The keywords of each server line, shared by the config and {@code add server}: dynamic
     * servers do not inherit {@code default-server}, so both must spell them out the same way.
     */
    List<String> serverOptions(HaproxySettings s) {
        List<String> options = new ArrayList<>();
        if (s.healthChecks()) {
            // A server going down is checked every 100 ms (fastinter) until its state settles.
            // A server that is down or just added (in maintenance) is checked every 10 ms
            // (downinter): HAProxy runs the first check of a re-added instance exactly downinter
            // after 'add server' (whether or not 'enable health' comes in the same command line),
            // not a whole 100 ms or check interval later, and it is HAProxy's own check that lets
            // it take traffic. The price is 100 checks a second on a server while it is down (a
            // refused connection each, or one check at a time against a host that does not
            // answer). A down server still needs 'rise' passing checks in a row to come back;
            // only their spacing is shorter while it takes no traffic. Steady servers keep the
            // configured interval.
            long goingDown = Math.min(100, s.checkInterval().toMillis());
            long downOrNew = Math.min(10, s.checkInterval().toMillis());
            options.addAll(List.of("check", "inter", s.checkInterval().toMillis() + "ms",
                    "fastinter", goingDown + "ms", "downinter", downOrNew + "ms",
                    "rise", String.valueOf(s.checkRise()), "fall", String.valueOf(s.checkFall())));
        }
        return options;
    }

    private static String bindAddress(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
