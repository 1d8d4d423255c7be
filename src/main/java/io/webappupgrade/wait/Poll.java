package io.webappupgrade.wait;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling: every wait ends, by success, by its deadline or by an interruption. The
 * caller decides what each end means (a named exception, a fallback, a cancelled drain), so the
 * loop itself is written once.
 */
public record Poll(Duration timeout, Duration interval) {

    public enum End { DONE, TIMED_OUT, INTERRUPTED }

    /** What the wait ended with and the last value read (null if none was read). */
    public record Waited<T>(End end, T last) {
        public boolean done() {
            return end == End.DONE;
        }
    }

    public Poll {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a poll needs a timeout of 0 or more and an interval above 0, not "
                    + timeout + " / " + interval);
        }
    }

    public static Poll upTo(Duration timeout, Duration interval) {
        return new Poll(timeout, interval);
    }

    /**
     * Reads until {@code done} holds, the deadline passes or the thread is interrupted (the
     * interrupt flag is set again before returning). Reads once more at the deadline, so a wait of
     * 0 still looks once. Sleeps min(interval, time left). Never throws by itself: exceptions come
     * only from {@code read} and {@code done}.
     */
    public <T> Waited<T> until(Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T last = read.get();
            if (done.test(last)) {
                return new Waited<>(End.DONE, last);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Waited<>(End.TIMED_OUT, last);
            }
            try {
                // rounded up: a sleep cut to 0 ms would spin through the last fraction of a millisecond
                Thread.sleep(Math.max(1, (Math.min(interval.toNanos(), left) + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Waited<>(End.INTERRUPTED, last);
            }
        }
    }

    public Waited<Boolean> until(BooleanSupplier done) {
        return until(done::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Like {@link #until(BooleanSupplier)}, but an interruption does not end the wait: for a bounded
     * step that must run to its end once begun (given up half-way, it would leave things worse).
     * The interrupt flag is set again before returning, for the caller's next wait.
     */
    public Waited<Boolean> untilEvenIfInterrupted(BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                Waited<Boolean> waited = upTo(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), interval)
                        .until(done);
                if (waited.end() != End.INTERRUPTED) {
                    return waited;
                }
                interrupted |= Thread.interrupted();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for {@code done} or fails naming what was awaited: "(waited N ms)" after the timeout,
     * "(interrupted)" when the thread was interrupted (its flag set again).
     *
     * @throws IllegalStateException when the wait did not end in success
     */
    public void orFail(BooleanSupplier done, Supplier<String> what) {
        switch (until(done).end()) {
            case DONE -> { }
            case TIMED_OUT -> throw new IllegalStateException(what.get() + " (waited " + timeout.toMillis() + " ms)");
            case INTERRUPTED -> throw new IllegalStateException(what.get() + " (interrupted)");
        }
    }
}
