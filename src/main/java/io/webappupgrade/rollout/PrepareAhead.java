package io.webappupgrade.rollout;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.OperationFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the next batch's release ({@code webapp_upgrade.prepare}: fetch, check, unpack beside
 * the serving release) while the current batch is out of the load balancer, so that a download
 * never holds up the rollout between two batches. It runs on one background thread, the next
 * batch's instances one after the other; the instances keep serving meanwhile, as with any prepare.
 *
 * <p>When an instance's turn comes, {@link #take} hands over the outcome, waiting for a
 * preparation still under way. An instance whose preparation was never started, or was stopped
 * before it ended, prepares in its turn as before (a release already unpacked is reused); no
 * preparation ahead starts until those of the instances taken have ended ({@link #turnComing},
 * {@link #turnTaken}): the instance that prepares in its turn is about to leave the
 * load balancer and waits for it, while the ones ahead have a whole batch's time. (On a busy host
 * two cold preparations side by side made the one the rollout waits for take twice as long.)
 */
final class PrepareAhead implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrepareAhead.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);
    private static final Duration TURN_WAIT = Duration.ofSeconds(30);

    /** How a preparation went: when it ran, and its error text when it failed. */
    record Outcome(Instant start, Instant end, Optional<String> error) {
    }

    private final Deployment deployment;
    private final Clock clock;
    private final Map<String, Future<Optional<Outcome>>> started = new ConcurrentHashMap<>();
    private ExecutorService worker;
    private final Object turns = new Object();
    /** The instances taken that prepare in their turn and have not yet; guarded by {@link #turns}. */
    private final Set<String> coming = new HashSet<>();

    PrepareAhead(Deployment deployment, Clock clock) {
        this.deployment = deployment;
        this.clock = clock;
    }

    /** Starts preparing {@code instanceId} in the background, after the preparations started before it. */
    synchronized void start(String instanceId, Map<String, Object> inputs) {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "prepare-ahead");
                t.setDaemon(true);
                return t;
            });
        }
        ExecutorService running = worker;
        Map<String, Object> copy = Map.copyOf(inputs);
        started.computeIfAbsent(instanceId, id -> running.submit(() -> prepare(id, copy)));
    }

    /**
     * The outcome of {@code instanceId}'s preparation, once it has ended; empty when none was
     * started or it was stopped first, and then the instance is to be prepared now.
     *
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    Optional<Outcome> take(String instanceId) throws InterruptedException {
        Future<Optional<Outcome>> preparation = started.remove(instanceId);
        if (preparation == null) {
            return Optional.empty();
        }
        try {
            return preparation.get();
        } catch (CancellationException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            // prepare() catches what an adapter throws; an Error is all that can come here
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(String.valueOf(cause), cause);
        }
    }

    /**
     * Says that {@code instanceId} is taken and prepares in its turn (its preparation was not
     * started ahead): preparations ahead do not start until {@link #turnTaken} says it has.
     */
    void turnComing(String instanceId) {
        synchronized (turns) {
            if (!started.containsKey(instanceId)) {
                coming.add(instanceId);
            }
        }
    }

    /** Says that {@code instanceId}'s preparation in its turn has ended, or will not run. */
    void turnTaken(String instanceId) {
        synchronized (turns) {
            if (coming.remove(instanceId)) {
                turns.notifyAll();
            }
        }
    }

    /** Waits while an instance is to prepare in its turn; at most {@link #TURN_WAIT}, so nothing can hang on it. */
    private void awaitTurnsTaken() throws InterruptedException {
        long end = System.nanoTime() + TURN_WAIT.toNanos();
        synchronized (turns) {
            long left;
            while (!coming.isEmpty() && (left = end - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(turns, left);
            }
        }
    }

    private Optional<Outcome> prepare(String instanceId, Map<String, Object> inputs) {
        try {
            awaitTurnsTaken();
        } catch (InterruptedException e) {
            return Optional.empty();
        }
        if (Thread.currentThread().isInterrupted()) {
            return Optional.empty();
        }
        Instant start = clock.instant();
        String error = null;
        try {
            deployment.runNodeOperation(instanceId, DeploymentOperations.PREPARE, inputs);
        } catch (InterruptedException e) {
            return Optional.empty();
        } catch (OperationFailedException e) {
            if (Thread.currentThread().isInterrupted()) {
                return Optional.empty();
            }
            error = String.valueOf(e.getMessage());
        } catch (RuntimeException e) {
            // An adapter that broke leaves the outcome unknown: a failure, as when the instance prepares itself.
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return Optional.of(new Outcome(start, clock.instant(), Optional.ofNullable(error)));
    }

    /** Stops the preparations not yet ended and waits for the one under way to stop. */
    @Override
    public synchronized void close() {
        if (worker == null) {
            return;
        }
        started.values().forEach(preparation -> preparation.cancel(true));
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a release preparation still runs {} after the run ended", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
