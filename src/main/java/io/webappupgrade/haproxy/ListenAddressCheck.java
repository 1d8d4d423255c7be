package io.webappupgrade.haproxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;

/**
 * Refuses to start HAProxy on an address another process listens on. HAProxy binds with
 * SO_REUSEPORT by default, so two of them (two deployments given one frontend port) would both
 * start and the kernel would split the users between them; a plain bind, which does not share,
 * finds the address taken first.
 */
final class ListenAddressCheck {

    private ListenAddressCheck() {
    }

    /** Checks the frontend and, when there is one, the stats page address. */
    static void requireFree(HaproxySettings s) {
        requireFree("frontend_port", s.frontendAddress(), s.frontendPort());
        if (s.statsPort() != 0) {
            requireFree("stats_port", s.statsAddress(), s.statsPort());
        }
    }

    /** @throws IllegalStateException naming the property and the address when it is taken */
    static void requireFree(String property, String address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // as HAProxy binds: connections of an earlier listener left in TIME_WAIT do not count,
            // a live listener does
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
        } catch (IOException e) {
            throw new IllegalStateException("node property '" + property + "': " + hostPort(address, port)
                    + " is already in use by another process (another HAProxy or deployment on the same port?): "
                    + e.getMessage() + "; give this HAProxy a free port, or stop what listens there."
                    + " Nothing was started", e);
        }
    }

    private static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
