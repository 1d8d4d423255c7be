package io.webappupgrade.rollout;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that process instances side by side, one instance each: the engine hands work in and
 * waits for each to end. A worker that ends abnormally does not stop the others; its failure is
 * kept and thrown by {@link #throwFailure} once the caller has waited for the rest, so no instance
 * is abandoned between its unlink and its establish.
 */
final class BatchWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWorkers.class);
    /** How long workers interrupted by a cancel get to notice it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final String name;
    private final ExecutorService threads;
    private final CompletionService<Void> ended;
    private final Map<Future<Void>, String> running = new HashMap<>();
    private InterruptedException stopped;
    private RuntimeException broken;

    /**
     * @param name  names the threads ({@code name-1}, {@code name-2}, ...) and the warning when they do not stop
     * @param count the most instances processed at once
     */
    BatchWorkers(String name, int count) {
        this.name = name;
        AtomicInteger made = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(count, task -> {
            Thread t = new Thread(task, name + "-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ended = new ExecutorCompletionService<>(threads);
    }

    /** Starts processing {@code instanceId}. */
    void start(String instanceId, Callable<?> work) {
        running.put(ended.submit(() -> {
            work.call();
            return null;
        }), instanceId);
    }

    /** How many instances are being processed. */
    int running() {
        return running.size();
    }

    /**
     * Waits for one instance to end and returns its id; a failure of its worker is kept for
     * {@link #throwFailure}.
     *
     * @throws IllegalStateException when nothing is running
     */
    String awaitOne() throws InterruptedException {
        if (running.isEmpty()) {
            throw new IllegalStateException("no instance is being processed");
        }
        Future<Void> done = ended.take();
        String instanceId = running.remove(done);
        try {
            done.get();
        } catch (ExecutionException e) {
            keep(e.getCause());
        }
        return instanceId;
    }

    /** Whether a worker has ended abnormally (the caller then takes no further instance). */
    boolean failed() {
        return stopped != null || broken != null;
    }

    /**
     * Throws the first abnormal end of a worker: its interruption (a cancel the deployment
     * reported stops the run as Ctrl-C does), else what broke it.
     */
    void throwFailure() throws InterruptedException {
        if (stopped != null) {
            throw stopped;
        }
        if (broken != null) {
            throw broken;
        }
    }

    private void keep(Throwable cause) {
        if (cause instanceof InterruptedException i) {
            stopped = stopped == null ? i : stopped;
        } else if (cause instanceof RuntimeException r) {
            broken = broken == null ? r : broken;
        } else if (cause instanceof Error err) {
            throw err;
        } else {
            broken = broken == null ? new IllegalStateException(String.valueOf(cause), cause) : broken;
        }
    }

    /**
     * Ends the threads. Workers still running (the caller was interrupted, or broke) are
     * interrupted and given time to notice it: each puts its instance back as a cancel does.
     */
    @Override
    public void close() {
        threads.shutdownNow();
        if (running.isEmpty()) {
            return;
        }
        try {
            if (!threads.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: operations still running {} after the run was interrupted", name, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
