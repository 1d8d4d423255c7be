package io.webappupgrade.agent;

import java.util.function.Supplier;

/**
 * Builds a value on first use. The registry names every operation, but one process runs only
 * one of them: what the others need (an HTTP client with TLS, say) is never built.
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private T value;

    Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = factory.get();
        }
        return value;
    }
}
