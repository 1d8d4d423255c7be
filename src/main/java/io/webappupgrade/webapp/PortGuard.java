package io.webappupgrade.webapp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Healthy means our process on our port: before a start the port must be free, and once the
 * app answers its health URL the listener must be the process we started (or one it started,
 * as a start script's child). Anything else (a stale orphan, another instance given the same
 * port) would make a health check pass for a process this run does not own.
 */
public final class PortGuard {

    private static final Logger log = LoggerFactory.getLogger(PortGuard.class);

    private final PortListeners listeners;

    public PortGuard(PortListeners listeners) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    /**
     * Checks that a server could listen on {@code address:port} now.
     *
     * @throws AppStartError naming the holder (or "an unknown process") when it is taken
     */
    public void requireFree(String address, int port) {
        InetAddress ip = ip(address);
        try (ServerSocket probe = new ServerSocket()) {
            // SO_REUSEADDR, as servers set it: connections of a stopped app in TIME_WAIT do not count.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(ip, port), 1);
        } catch (IOException e) {
            List<PortHolder> holders = listeners.holders(ip, port);
            throw new AppStartError("port " + port + " on " + address + " is already in use by "
                    + describe(holders.isEmpty() ? List.of(PortHolder.unknown()) : holders)
                    + ": a new app there would not get the port, and the health check would ask that process instead;"
                    + " stop it or give the node another 'port'");
        }
    }

    /**
     * Checks that every listener on {@code address:port} is {@code process} or one of its
     * descendants, and that {@code process} still runs. Without {@code /proc} only the latter
     * can be checked.
     *
     * @throws AppStartError naming the foreign listener, or saying the app has exited
     */
    public void requireOurs(String address, int port, AppProcess process) {
        if (!process.isAlive()) {
            throw new AppStartError("the app (pid " + process.pid() + ") answered its health check but has exited"
                    + " since, so what answered on port " + port + " is not the app that was started");
        }
        if (!listeners.available()) {
            log.warn("cannot tell who listens on port {}: no /proc/net/tcp; trusting the health check", port);
            return;
        }
        List<PortHolder> holders = listeners.holders(ip(address), port, Set.of(process.pid()));
        Set<Long> ours = new HashSet<>();
        ours.add(process.pid());
        if (holders.stream().anyMatch(h -> h.pid().isEmpty() || h.pid().getAsLong() != process.pid())) {
            // a start script's child may hold it: reading every process's parent costs time, so only now
            process.handle().ifPresent(h -> h.descendants().forEach(d -> ours.add(d.pid())));
        }
        List<PortHolder> foreign = holders.stream()
                .filter(h -> h.pid().isEmpty() || !ours.contains(h.pid().getAsLong())).toList();
        if (holders.isEmpty()) {
            throw new AppStartError("the app (pid " + process.pid() + ") answered its health check but nothing listens"
                    + " on port " + port + " on " + address + " any more");
        }
        if (!foreign.isEmpty()) {
            throw new AppStartError("port " + port + " on " + address + " is held by " + describe(foreign)
                    + ", not by the app that was started (pid " + process.pid() + "): the health check may have been"
                    + " answered by that process; stop it or give the node another 'port'");
        }
    }

    private static String describe(List<PortHolder> holders) {
        return new LinkedHashSet<>(holders).stream().map(PortHolder::describe).collect(Collectors.joining(" and "));
    }

    private static InetAddress ip(String address) {
        try {
            // Settings only allow literal IP addresses, so this never asks a name server.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new AppStartError("address '" + address + "' is not an IP address");
        }
    }
}
