package io.webappupgrade.haproxy;

import io.webappupgrade.wait.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Adds and removes app instances in the HAProxy backend while it serves traffic: through the
 * runtime API (no reload), with a drain before removal, and with the persisted config rewritten
 * after every change so a reload or restart brings back exactly the current set.
 *
 * <p>Why the config and not a server-state file: a state file only restores the state of servers
 * the config declares; servers added at runtime would be gone after a reload. So the config holds
 * every server, and servers on their way in or out are written {@code disabled}.
 *
 * <p>Changes take the file lock only for their short steps; waiting for a server to become healthy
 * or to drain happens outside it, so parallel removals (an uninstall) drain side by side.
 */
public final class BackendSet {

    /**
     * A drain ends when its last session does, at any moment: looking every 10 ms at most costs
     * HAProxy a {@code show stat} of one backend and ends the wait within 10 ms of it, not 100.
     */
    private static final Duration DRAIN_FIRST_LOOK = Duration.ofMillis(5);
    private static final Duration DRAIN_LONGEST_LOOK = Duration.ofMillis(10);
    /**
     * HAProxy runs a new server's first check {@code downinter} (10 ms) after {@code add server}:
     * look every 2 ms while it is due, then less and less often for an app that is slow to answer.
     */
    private static final Duration CHECK_LOOK = Duration.ofMillis(2);
    private static final Duration CHECK_FAST_WINDOW = Duration.ofMillis(60);
    private static final Duration CHECK_LONGEST_LOOK = Duration.ofMillis(100);
    /** {@code srv_op_state} of a server HAProxy considers running. */
    private static final int RUNNING = 2;

    private final HaproxySettings settings;
    private final RuntimeApiClient api;
    private final BackendStore store;
    private final ConfigInstaller installer;
    private final ConfigRenderer renderer;

    BackendSet(HaproxySettings settings, RuntimeApiClient api, BackendStore store,
               ConfigInstaller installer, ConfigRenderer renderer) {
        this.settings = settings;
        this.api = api;
        this.store = store;
        this.installer = installer;
        this.renderer = renderer;
    }

    /**
     * Every server of the backend as HAProxy sees it now: running or not (its checks), and its
     * admin state. Read-only, no lock.
     */
    public List<LiveServer> live() {
        return whole(this::readLive);
    }

    private List<LiveServer> readLive() {
        String be = settings.backendName();
        java.util.Map<String, StatRow> stats = new java.util.HashMap<>();
        api.showStat(be).forEach(row -> stats.put(row.name(), row));
        List<LiveServer> out = new ArrayList<>();
        for (ServerStateRow row : api.showServersState(be)) {
            ServerAdminState admin = row.inMaintenance() ? ServerAdminState.MAINT
                    : row.draining() ? ServerAdminState.DRAIN : ServerAdminState.READY;
            StatRow stat = stats.get(row.name());
            out.add(new LiveServer(row.name(), row.address() + ":" + row.port(), row.operationalState() == RUNNING,
                    admin, stat == null ? "" : stat.status(), stat == null ? 0 : stat.currentSessions(),
                    LiveServer.countersOf(stat)));
        }
        return out;
    }

    /** The servers as persisted, the ones on their way in or out included. */
    public List<BackendServer> servers() {
        return changeWhole(store::read);
    }

    /**
     * Hands the persisted servers to {@code sink} under the lock, so that what changes report
     * (a runtime property) follows the order of the changes: a report of an older set never lands
     * after that of a newer one when drains run side by side.
     */
    public void publishServers(Consumer<List<BackendServer>> sink) {
        changeWhole(() -> {
            sink.accept(store.read());
            return null;
        });
    }

    /**
     * Puts {@code server} into the backend. When health checks are on it takes traffic only after
     * a check has passed, waiting at most {@code upTimeout}. Adding a server that is already there
     * at the same address succeeds and says so.
     *
     * @throws IllegalArgumentException when a server of that name is there at another address (nothing changed)
     * @throws NotHealthyException when the server did not pass a health check in time; it stays
     *         in the set, disabled, so adding it again resumes the wait
     */
    public BackendChange add(BackendServer server, Duration upTimeout) {
        String be = settings.backendName();
        boolean alreadyEnabled = changeWhole(() -> {
            List<BackendServer> current = store.read();
            Optional<BackendServer> known = find(current, server.name());
            Optional<StatRow> live = api.server(be, server.name());
            known.filter(k -> !k.sameAddress(server)).ifPresent(k -> {
                throw conflict(server, k.hostPort());
            });
            if (live.isPresent() && !live.get().address().equals(server.hostPort())) {
                throw conflict(server, live.get().address());
            }
            if (known.map(BackendServer::enabled).orElse(false) && live.isPresent() && takesTraffic(live.get())) {
                return true;
            }
            if (live.isEmpty()) {
                List<String> options = renderer.serverOptions(settings);
                if (settings.healthChecks()) {
                    api.addServerWithHealth(be, server.name(), server.address(), server.port(), options);
                } else {
                    api.addServer(be, server.name(), server.address(), server.port(), options);
                }
            }
            if (known.isEmpty()) {
                persist(replace(current, server.withEnabled(false)));
            }
            return false;
        });
        if (alreadyEnabled) {
            return new BackendChange(server.name(), BackendChange.Kind.ALREADY_PRESENT,
                    "server " + server.name() + " is already in backend " + be + " at " + server.hostPort() + "; nothing to do");
        }
        if (settings.healthChecks()) {
            awaitHealthy(server, upTimeout);
        }
        changeWhole(() -> {
            List<BackendServer> current = store.read();
            if (find(current, server.name()).isEmpty()) {
                throw new IllegalStateException("server " + server.name()
                        + " was removed by another operation while it was being added; it is not in backend " + be);
            }
            api.setServerState(be, server.name(), ServerAdminState.READY);
            persist(replace(current, server.withEnabled(true)));
            return null;
        });
        return new BackendChange(server.name(), BackendChange.Kind.ADDED,
                "server " + server.name() + " added to backend " + be + " at " + server.hostPort());
    }

    /**
     * Takes {@code name} out of the backend in the steps HAProxy's own tooling uses: drain (no new
     * traffic), wait until idle (no session, no queued request; at most {@code drainTimeout}), maint,
     * delete. Removing a server that is not there succeeds and says so.
     *
     * <p>A drain that cannot finish is cancelled rather than left half-done: when sessions remain
     * after the timeout, or the waiting thread is interrupted, the server is set READY again (it
     * keeps serving what it served) and stays in the set, so nothing is left out of the backend.
     *
     * @throws DrainTimeoutException when sessions remained after the timeout; the drain was cancelled
     * @throws DrainInterruptedException when the thread was interrupted while draining; the drain was
     *         cancelled and the thread's interrupt flag is set again
     */
    public BackendChange remove(String name, Duration drainTimeout) {
        HaproxySettings.requireServerName("server name (app instance id)", name);
        DrainStart start = drain(name);
        if (!start.present()) {
            return new BackendChange(name, BackendChange.Kind.ALREADY_ABSENT,
                    "server " + name + " is not in backend " + settings.backendName() + "; nothing to do");
        }
        waitUntilIdle(name, drainTimeout, start);
        maintAndDelete(name);
        return new BackendChange(name, BackendChange.Kind.REMOVED,
                "server " + name + " drained and removed from backend " + settings.backendName());
    }

    /** Step 1 of a removal: no new traffic (DRAIN), and persisted disabled so a reload keeps it out. */
    private DrainStart drain(String name) {
        String be = settings.backendName();
        return changeWhole(() -> {
            List<BackendServer> current = store.read();
            Optional<BackendServer> known = find(current, name);
            Optional<StatRow> live = api.server(be, name);
            boolean drained = live.isPresent() && !live.get().status().startsWith("MAINT");
            // The config says disabled before the server is seen draining: a reload in between
            // (another tool's, a systemd reload) must not bring a server being drained back into traffic.
            Optional<BackendServer> enabled = known.filter(BackendServer::enabled);
            enabled.ifPresent(k -> persist(replace(current, k.withEnabled(false))));
            if (drained) {
                try {
                    api.setServerState(be, name, ServerAdminState.DRAIN);
                } catch (RuntimeException e) {
                    enabled.ifPresent(k -> persist(current));
                    throw e;
                }
            }
            return new DrainStart(known.isPresent() || live.isPresent(), drained,
                    known.map(BackendServer::enabled).orElse(false));
        });
    }

    /**
     * Step 2: waits, outside the lock, until the server has no session and no queued request (or
     * is gone). A drain that cannot finish is cancelled before the exception leaves.
     */
    private void waitUntilIdle(String name, Duration timeout, DrainStart start) {
        String be = settings.backendName();
        Poll.Waited<Optional<StatRow>> waited = Poll.backingOff(timeout, DRAIN_FIRST_LOOK, DRAIN_LONGEST_LOOK)
                .until(() -> whole(() -> api.server(be, name)), row -> row.isEmpty() || row.get().idle());
        if (waited.done()) {
            return;
        }
        cancelDrain(name, start);
        StatRow last = waited.last().orElseThrow();
        if (waited.end() == Poll.End.INTERRUPTED) {
            throw new DrainInterruptedException(name, "the drain of server " + name + " of backend " + be
                    + " was interrupted with " + last.currentSessions()
                    + " session(s) in flight; the drain was cancelled: the server is READY again and keeps serving");
        }
        throw new DrainTimeoutException(name, "server " + name + " of backend " + be
                + " still has " + last.currentSessions() + " session(s) and " + last.queued()
                + " queued request(s) after a drain of " + timeout.toMillis() + " ms (stuck or very long"
                + " requests); the drain was cancelled: the server is READY again and keeps serving."
                + " Raise drain_timeout, or end those sessions ('shutdown sessions server "
                + be + "/" + name + "' on the stats socket), and run again");
    }

    /** Steps 3 and 4, under one lock: MAINT (HAProxy deletes only a server in maintenance), then delete. */
    private void maintAndDelete(String name) {
        String be = settings.backendName();
        changeWhole(() -> {
            if (api.server(be, name).isPresent()) {
                api.setServerState(be, name, ServerAdminState.MAINT);
                api.deleteServer(be, name);
            }
            List<BackendServer> current = new ArrayList<>(store.read());
            if (current.removeIf(s -> s.name().equals(name))) {
                persist(current);
            }
            return null;
        });
    }

    /** A locked step on the backend set, run to its end even if the calling thread is interrupted. */
    private <T> T changeWhole(Supplier<T> step) {
        return whole(() -> store.locked(step));
    }

    /**
     * Runs a short step (a runtime API call, a config rewrite) on a thread of its own and waits for
     * its end, so an interrupt of the caller (Ctrl-C) never cuts it half-way: the socket and file
     * channels it uses would close mid-command, and {@code haproxy -c} would be killed and read as
     * a refused config. The caller's interrupt is kept and seen at its next wait.
     */
    private static <T> T whole(Supplier<T> step) {
        CompletableFuture<T> running = CompletableFuture.supplyAsync(step, task -> {
            Thread t = new Thread(task, "haproxy-step");
            t.setDaemon(true);
            t.start();
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return running.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What {@link #remove} found and did before waiting, so a cancelled drain restores exactly that. */
    private record DrainStart(boolean present, boolean drained, boolean wasEnabled) {
    }

    /** Undoes the start of a drain: the server takes traffic again, as before. */
    private void cancelDrain(String name, DrainStart start) {
        changeWhole(() -> {
            if (start.drained() && api.server(settings.backendName(), name).isPresent()) {
                api.setServerState(settings.backendName(), name, ServerAdminState.READY);
            }
            List<BackendServer> current = store.read();
            if (start.wasEnabled()) {
                find(current, name).ifPresent(k -> persist(replace(current, k.withEnabled(true))));
            }
            return null;
        });
    }

    private void awaitHealthy(BackendServer server, Duration timeout) {
        String be = settings.backendName();
        Supplier<StatRow> look = () -> whole(() -> api.server(be, server.name())).orElseThrow(() ->
                new IllegalStateException("server " + server.name() + " disappeared from backend " + be
                        + " while it was being added"));
        long deadline = System.nanoTime() + timeout.toNanos();
        Poll.Waited<StatRow> waited = Poll.upTo(timeout.compareTo(CHECK_FAST_WINDOW) < 0 ? timeout : CHECK_FAST_WINDOW,
                CHECK_LOOK).until(look, StatRow::checkPassed);
        long left = deadline - System.nanoTime();
        if (waited.end() == Poll.End.TIMED_OUT && left > 0) {
            waited = Poll.backingOff(Duration.ofNanos(left), CHECK_LOOK.multipliedBy(5), CHECK_LONGEST_LOOK)
                    .until(look, StatRow::checkPassed);
        }
        switch (waited.end()) {
            case DONE -> { }
            case INTERRUPTED -> throw new IllegalStateException("interrupted while waiting on HAProxy");
            case TIMED_OUT -> throw new NotHealthyException("server " + server.name() + " at " + server.hostPort()
                    + " did not pass a health check within " + timeout.toSeconds() + " s (last check: '"
                    + waited.last().checkStatus() + "'); it is in backend " + be
                    + " but takes no traffic; adding it again resumes the wait");
        }
    }

    private static boolean takesTraffic(StatRow row) {
        return !row.status().startsWith("MAINT") && !row.status().startsWith("DRAIN") && !row.status().startsWith("DOWN");
    }

    private void persist(List<BackendServer> servers) {
        installer.install(renderer.render(settings, servers));
        store.write(servers);
    }

    private IllegalArgumentException conflict(BackendServer wanted, String existing) {
        return new IllegalArgumentException("server " + wanted.name() + " is already in backend " + settings.backendName()
                + " at " + existing + ", not at " + wanted.hostPort() + "; remove it first. Nothing was changed");
    }

    private static Optional<BackendServer> find(List<BackendServer> servers, String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static List<BackendServer> replace(List<BackendServer> servers, BackendServer server) {
        List<BackendServer> out = new ArrayList<>();
        boolean replaced = false;
        for (BackendServer s : servers) {
            if (s.name().equals(server.name())) {
                out.add(server);
                replaced = true;
            } else {
                out.add(s);
            }
        }
        if (!replaced) {
            out.add(server);
        }
        return out;
    }

}
