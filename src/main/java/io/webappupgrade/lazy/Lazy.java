package io.webappupgrade.lazy;

import java.util.function.Supplier;

/**
 * Builds a value on first use, once, whichever thread asks first. A process builds only what it
 * needs: the agent's registry names every operation but runs one, and a prepare never makes the
 * health checks' HTTP client.
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private T value;

    public Lazy(Supplier<T> factory) {
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
