package io.webappupgrade.haproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the single-server change of {@link BackendSet} ({@code add} or {@code remove}) for several
 * servers at once, one thread each: drains are set together and awaited together, as the engine's
 * parallel unlinks of a batch do in the other runtimes. Every change runs to its own end; the
 * failures are gathered, so the caller learns which server did what.
 */
final class SideBySideChanges {

    private SideBySideChanges() {
    }

    /**
     * @return the changes, in the order of {@code names}
     * @throws BackendChangesException when one or more changes failed; the others took effect
     */
    static List<BackendChange> run(List<String> names, Function<String, BackendChange> change) {
        ExecutorService threads = Executors.newFixedThreadPool(names.size(), task -> {
            Thread t = new Thread(task, "backend-change");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<BackendChange>> running = new LinkedHashMap<>();
            names.forEach(name -> running.put(name, threads.submit(() -> change.apply(name))));
            List<BackendChange> done = new ArrayList<>();
            Map<String, RuntimeException> failed = new LinkedHashMap<>();
            boolean interrupted = false;
            for (Map.Entry<String, Future<BackendChange>> e : running.entrySet()) {
                while (true) {
                    try {
                        done.add(e.getValue().get());
                        break;
                    } catch (InterruptedException i) {
                        // Each change stops at its next wait and undoes itself (a drain is cancelled).
                        interrupted = true;
                        threads.shutdownNow();
                    } catch (ExecutionException x) {
                        if (x.getCause() instanceof Error err) {
                            throw err;
                        }
                        failed.put(e.getKey(), x.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(String.valueOf(x.getCause()), x.getCause()));
                        break;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (!failed.isEmpty()) {
                throw new BackendChangesException(done, failed);
            }
            return done;
        } finally {
            threads.shutdownNow();
            try {
                threads.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
