package io.webappupgrade.wait;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling: every wait ends, by success, by its deadline or by an interruption. The
 * caller decides what each end means (a named exception, a fallback, a cancelled drain), so the
 * loop itself is written once.
 *
 * <p>The pause between two reads starts at {@code interval} and doubles after each read up to
 * {@code maxInterval} (equal for a fixed step): a wait for something that usually comes soon
 * looks often at first without hammering what it reads for the rest of a long wait.
 */
public record Poll(Duration timeout, Duration interval, Duration maxInterval) {

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
        Objects.requireNonNull(maxInterval, "maxInterval");
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a poll needs a timeout of 0 or more and an interval above 0, not "
                    + timeout + " / " + interval);
        }
        if (maxInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("a poll's longest interval (" + maxInterval
                    + ") must not be shorter than its first (" + interval + ")");
        }
    }

    /** A poll with the same pause between all reads. */
    public static Poll upTo(Duration timeout, Duration interval) {
        return new Poll(timeout, interval, interval);
    }

    /** A poll whose pause starts at {@code first} and doubles after each read up to {@code max}. */
    public static Poll backingOff(Duration timeout, Duration first, Duration max) {
        return new Poll(timeout, first, max);
    }

    /**
     * Reads until {@code done} holds, the deadline passes or the thread is interrupted (the
     * interrupt flag is set again before returning). Reads once more at the deadline, so a wait of
     * 0 still looks once. Sleeps min(interval, time left). Never throws by itself: exceptions come
     * only from {@code read} and {@code done}.
     */
    public <T> Waited<T> until(Supplier<T> read, Predicate<T> done) {
        return until(read, done, null);
    }

    /**
     * As {@link #until(Supplier, Predicate)}, and a pause ends early when {@code wake} completes
     * (the thing awaited has signalled that it happened, for example a process's exit), so the
     * next read comes at once rather than at the end of the step. Once {@code wake} is complete,
     * pauses are plain again: a read that still says no is not repeated in a busy loop.
     */
    public <T> Waited<T> until(Supplier<T> read, Predicate<T> done, CompletableFuture<?> wake) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = interval.toNanos();
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
                pauseFor(Math.max(1, (Math.min(pause, left) + 999_999) / 1_000_000), wake);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Waited<>(End.INTERRUPTED, last);
            }
            pause = Math.min(pause * 2, maxInterval.toNanos());
        }
    }

    private static void pauseFor(long millis, CompletableFuture<?> wake) throws InterruptedException {
        if (wake == null || wake.isDone()) {
            Thread.sleep(millis);
            return;
        }
        try {
            wake.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            // the pause is over, or what would have woken us failed: the next read decides either way
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
        return untilEvenIfInterrupted(done, null);
    }

    /** As {@link #untilEvenIfInterrupted(BooleanSupplier)}, with pauses that end early when {@code wake} completes. */
    public Waited<Boolean> untilEvenIfInterrupted(BooleanSupplier done, CompletableFuture<?> wake) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                Waited<Boolean> waited = new Poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                        interval, maxInterval).until(done::getAsBoolean, Boolean::booleanValue, wake);
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
