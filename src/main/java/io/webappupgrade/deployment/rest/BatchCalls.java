package io.webappupgrade.deployment.rest;

import io.webappupgrade.deployment.OperationFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Gathers the calls the engine makes for the instances of one batch (one thread each) into
 * groups that run as one execution: calls with the same key (operation, target, inputs) from live
 * members of the current batch. A group closes when every live member is in it or waiting in
 * another open group, so members that go the same way in step are never split. It also closes
 * when, for {@code window}, no missing member was running anything: a member that went another
 * way (its step failed) or is slow in between does not hold the others for longer than that.
 * A member is live from {@link #start} until {@link #finished}; calls from anyone else (a put-back
 * before the batches, a rollback after them, a min_serving check) run alone at once.
 *
 * <p>The thread that closes a group runs it for all its members and hands each its outcome.
 */
final class BatchCalls {

    /** Runs one closed group; returns the failure text of each member that failed (absent: succeeded). */
    @FunctionalInterface
    interface GroupRun<P> {
        Map<String, String> run(LinkedHashMap<String, P> members) throws InterruptedException;
    }

    private final Duration window;
    private final List<String> batch = new ArrayList<>();
    private final Set<String> live = new HashSet<>();
    /** Members waiting in an open group, and the group. */
    private final Map<String, Group<?>> waiting = new HashMap<>();
    /** Members whose group runs now: they will come back, so groups wait for them. */
    private final Set<String> running = new HashSet<>();
    private final Map<Object, Group<?>> open = new HashMap<>();
    private long lastActivity = System.nanoTime();

    BatchCalls(Duration window) {
        this.window = Objects.requireNonNull(window, "window");
    }

    /** A new batch: these instances' calls are gathered from now on. */
    synchronized void start(List<String> members) {
        batch.clear();
        batch.addAll(members);
        live.clear();
        live.addAll(members);
        touch();
    }

    /** The engine is done with {@code member} in this batch: no group waits for it any more. */
    synchronized void finished(String member) {
        live.remove(member);
        touch();
    }

    /**
     * Runs {@code payload} under {@code key} together with the other live members' calls of the
     * same key, or alone when {@code member} is not live.
     *
     * @throws OperationFailedException with the member's failure text when its part failed
     */
    <P> void call(String member, Object key, P payload, GroupRun<P> run) throws InterruptedException {
        Group<P> group;
        synchronized (this) {
            group = live.contains(member) ? join(member, key, payload) : null;
        }
        if (group == null) {
            LinkedHashMap<String, P> alone = new LinkedHashMap<>();
            alone.put(member, payload);
            throwIfFailed(member, run.run(alone));
            return;
        }
        boolean leader = awaitClose(member, group);
        if (leader) {
            lead(group, run);
        }
        Map<String, String> failures;
        try {
            failures = group.result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException i) {
                throw new InterruptedException(i.getMessage());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new OperationFailedException(String.valueOf(cause), cause);
        } catch (CancellationException e) {
            throw new OperationFailedException("the run of " + member + "'s part ended without an outcome; counted as failed");
        }
        throwIfFailed(member, failures);
    }

    private static void throwIfFailed(String member, Map<String, String> failures) {
        String failure = failures.get(member);
        if (failure != null) {
            throw new OperationFailedException(failure.isBlank() ? "failed without an error text" : failure);
        }
    }

    private <P> Group<P> join(String member, Object key, P payload) {
        @SuppressWarnings("unchecked")
        Group<P> group = (Group<P>) open.computeIfAbsent(key, k -> new Group<P>());
        group.members.put(member, payload);
        waiting.put(member, group);
        touch();
        return group;
    }

    /**
     * Waits until the group closes; true when this thread is the first of its members to see it
     * closed (and so runs it). When a group closes because every live member is in it or waiting
     * elsewhere, every other open group for which that holds closes with it, so that members
     * waiting in different groups (a step apart) never wait for each other.
     */
    private synchronized boolean awaitClose(String member, Group<?> group) throws InterruptedException {
        while (true) {
            if (!group.closed) {
                long left = window.toNanos() - (System.nanoTime() - lastActivity);
                if (complete(group)) {
                    open.values().stream().filter(this::complete).toList().forEach(this::close);
                } else if (left <= 0 && !missingRunning(group)) {
                    close(group);
                }
            }
            if (group.closed) {
                boolean leads = !group.led;
                group.led = true;
                return leads;
            }
            long left = window.toNanos() - (System.nanoTime() - lastActivity);
            try {
                wait(Math.max(1, left > 0 ? left / 1_000_000 + 1 : window.toMillis()));
            } catch (InterruptedException e) {
                if (!group.closed) {
                    group.members.remove(member);
                    waiting.remove(member);
                    if (group.members.isEmpty()) {
                        open.values().remove(group);
                    }
                    touch();
                }
                throw e;
            }
        }
    }

    private void close(Group<?> group) {
        group.closed = true;
        open.values().remove(group);
        group.members.keySet().forEach(m -> {
            waiting.remove(m);
            running.add(m);
        });
        touch();
    }

    private <P> void lead(Group<P> group, GroupRun<P> run) {
        LinkedHashMap<String, P> ordered = new LinkedHashMap<>();
        group.members.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> position(e.getKey())))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        try {
            group.result.complete(run.run(ordered));
        } catch (InterruptedException | RuntimeException | Error e) {
            group.result.completeExceptionally(e);
        } finally {
            synchronized (this) {
                running.removeAll(ordered.keySet());
                touch();
            }
        }
    }

    private synchronized int position(String member) {
        int at = batch.indexOf(member);
        return at < 0 ? Integer.MAX_VALUE : at;
    }

    /** Every live member is in this group or waiting in another open one. */
    private boolean complete(Group<?> group) {
        for (String m : live) {
            if (!group.members.containsKey(m) && !waiting.containsKey(m)) {
                return false;
            }
        }
        return true;
    }

    /** A live member outside this group is running another group: it will be back soon, so wait for it. */
    private boolean missingRunning(Group<?> group) {
        return live.stream().anyMatch(m -> !group.members.containsKey(m) && running.contains(m));
    }

    private void touch() {
        lastActivity = System.nanoTime();
        notifyAll();
    }

    /** The live members' calls of one key. */
    private static final class Group<P> {
        final LinkedHashMap<String, P> members = new LinkedHashMap<>();
        final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
        boolean closed;
        boolean led;
    }
}
