package io.webappupgrade.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    private static final Duration TICK = Duration.ofMillis(10);

    @Test
    void endsAsSoonAsTheConditionHoldsWithTheLastValueRead() {
        AtomicInteger reads = new AtomicInteger();
        Poll.Waited<Integer> waited = Poll.upTo(Duration.ofSeconds(5), TICK).until(reads::incrementAndGet, n -> n == 3);
        assertThat(waited.end()).isEqualTo(Poll.End.DONE);
        assertThat(waited.done()).isTrue();
        assertThat(waited.last()).isEqualTo(3);
        assertThat(reads).hasValue(3);
    }

    @Test
    void endsAtItsDeadlineHavingLookedOnceMoreAtTheDeadline() {
        AtomicInteger reads = new AtomicInteger();
        long start = System.nanoTime();
        Poll.Waited<Integer> waited = Poll.upTo(Duration.ofMillis(200), Duration.ofMillis(150))
                .until(reads::incrementAndGet, n -> false);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(waited.end()).isEqualTo(Poll.End.TIMED_OUT);
        assertThat(waited.last()).isEqualTo(reads.get());
        // at 0, 150 and 200 ms: the last sleep is cut to the time left, and never spins
        assertThat(reads.get()).isBetween(3, 4);
        assertThat(tookMs).isBetween(190L, 2_000L);
    }

    @Test
    void backingOffDoublesThePauseUpToTheLongest() {
        java.util.List<Long> readsAtMs = new java.util.ArrayList<>();
        long start = System.nanoTime();
        Poll.backingOff(Duration.ofMillis(1_000), Duration.ofMillis(20), Duration.ofMillis(80))
                .until(() -> readsAtMs.add((System.nanoTime() - start) / 1_000_000), ok -> readsAtMs.size() == 6);
        // pauses of 20, 40, 80, 80, 80 ms: reads at about 0, 20, 60, 140, 220, 300 ms
        assertThat(readsAtMs).hasSize(6);
        assertThat(readsAtMs.get(2) - readsAtMs.get(1)).isGreaterThanOrEqualTo(40L);
        assertThat(readsAtMs.get(5)).isBetween(300L, 900L);
    }

    @Test
    void aPauseEndsAsSoonAsItsWakeUpCompletes() throws Exception {
        java.util.concurrent.CompletableFuture<Void> wake = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean happened = new java.util.concurrent.atomic.AtomicBoolean();
        Thread signaller = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            happened.set(true);
            wake.complete(null);
        });
        long start = System.nanoTime();
        signaller.start();

        Poll.Waited<Boolean> waited = Poll.upTo(Duration.ofSeconds(30), Duration.ofSeconds(10))
                .until(happened::get, Boolean::booleanValue, wake);

        signaller.join();
        assertThat(waited.done()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000L);
    }

    @Test
    void aCompletedWakeUpDoesNotTurnTheWaitIntoABusyLoop() {
        AtomicInteger reads = new AtomicInteger();
        Poll.Waited<Integer> waited = Poll.upTo(Duration.ofMillis(200), Duration.ofMillis(50))
                .until(reads::incrementAndGet, n -> false, java.util.concurrent.CompletableFuture.completedFuture(null));
        assertThat(waited.end()).isEqualTo(Poll.End.TIMED_OUT);
        assertThat(reads.get()).isBetween(3, 6);
    }

    @Test
    void aLongestIntervalShorterThanTheFirstIsRefused() {
        assertThatThrownBy(() -> Poll.backingOff(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longest interval (PT0.01S) must not be shorter than its first (PT0.1S)");
    }

    @Test
    void aWaitOfZeroStillLooksOnce() {
        assertThat(Poll.upTo(Duration.ZERO, TICK).until(() -> true).done()).isTrue();
        assertThat(Poll.upTo(Duration.ZERO, TICK).until(() -> false).end()).isEqualTo(Poll.End.TIMED_OUT);
    }

    @Test
    void anInterruptEndsTheWaitAndTheFlagStaysSet() {
        Thread.currentThread().interrupt();
        try {
            Poll.Waited<Boolean> waited = Poll.upTo(Duration.ofSeconds(30), Duration.ofSeconds(10)).until(() -> false);
            assertThat(waited.end()).isEqualTo(Poll.End.INTERRUPTED);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aStepThatMustRunToItsEndKeepsWaitingThroughAnInterruptAndKeepsTheFlag() {
        long readyAt = System.nanoTime() + Duration.ofMillis(150).toNanos();
        Thread.currentThread().interrupt();
        try {
            Poll.Waited<Boolean> waited = Poll.upTo(Duration.ofSeconds(5), TICK)
                    .untilEvenIfInterrupted(() -> System.nanoTime() - readyAt >= 0);
            assertThat(waited.end()).isEqualTo(Poll.End.DONE);
            assertThat(System.nanoTime() - readyAt).isNotNegative();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(Poll.upTo(Duration.ofMillis(50), TICK).untilEvenIfInterrupted(() -> false).end())
                .isEqualTo(Poll.End.TIMED_OUT);
    }

    @Test
    void orFailNamesWhatWasAwaitedAndHowItEnded() {
        assertThatThrownBy(() -> Poll.upTo(Duration.ofMillis(30), TICK).orFail(() -> false, () -> "HAProxy does not answer"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("HAProxy does not answer (waited 30 ms)");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Poll.upTo(Duration.ofSeconds(30), TICK).orFail(() -> false, () -> "reload"))
                    .hasMessage("reload (interrupted)");
        } finally {
            Thread.interrupted();
        }
        Poll.upTo(Duration.ZERO, TICK).orFail(() -> true, () -> "never shown");
    }

    @Test
    void aNegativeTimeoutOrAZeroIntervalIsRefused() {
        assertThatThrownBy(() -> Poll.upTo(Duration.ofSeconds(-1), TICK))
                .hasMessageContaining("a timeout of 0 or more and an interval above 0");
        assertThatThrownBy(() -> Poll.upTo(Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("a timeout of 0 or more and an interval above 0");
    }
}
