package io.webappupgrade.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A value built on a daemon thread of its own from the moment it is asked for, so that work the
 * command will need (parsing the bundled plugin.yaml, about 0.1 s in a cold JVM) runs while the
 * command line is still being parsed. {@link #get} waits for it and throws what building threw.
 * A command that never asks for it does not wait for it, nor does the JVM's exit.
 */
final class Ahead<T> implements Supplier<T> {

    private final CompletableFuture<T> value;

    private Ahead(CompletableFuture<T> value) {
        this.value = value;
    }

    static <T> Ahead<T> start(String threadName, Supplier<T> build) {
        return new Ahead<>(CompletableFuture.supplyAsync(build, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.start();
        }));
    }

    @Override
    public T get() {
        try {
            return value.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
