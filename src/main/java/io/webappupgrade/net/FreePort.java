package io.webappupgrade.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port that nothing listens on right now. The port is released before it is returned, so
 * another process may take it first: callers bind it soon, and a caller that cannot bear the race
 * keeps its own socket open instead.
 */
public final class FreePort {

    private FreePort() {
    }

    /** A TCP port on loopback that nothing listens on right now. */
    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw unavailable("loopback", e);
        }
    }

    /**
     * A TCP port on {@code address} (an IP or a host name) that nothing listens on right now.
     *
     * @throws UncheckedIOException naming the address when it cannot be resolved or bound
     */
    public static int on(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw unavailable(address, e);
        }
    }

    private static UncheckedIOException unavailable(String address, IOException e) {
        return new UncheckedIOException("could not find a free port on " + address + ": " + e.getMessage(), e);
    }
}
