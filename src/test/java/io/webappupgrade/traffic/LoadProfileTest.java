package io.webappupgrade.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Which requests are slow: evenly spread, or at random but the same for the same seed. */
class LoadProfileTest {

    private static final LoadProfile EVEN = new LoadProfile(URI.create("http://127.0.0.1:8080/"), 200, 0.05,
            Duration.ofSeconds(2), Duration.ofSeconds(10));

    private static List<Long> slow(LoadProfile profile, int count) {
        return LongStream.range(0, count).filter(n -> profile.uriOf(n).getPath().equals("/slow")).boxed().toList();
    }

    @Test
    void evenlySpreadSlowRequestsAreEvery20th() {
        assertThat(slow(EVEN, 100)).containsExactly(19L, 39L, 59L, 79L, 99L);
        assertThat(EVEN.uriOf(19).getQuery()).isEqualTo("ms=2000");
    }

    @Test
    void randomSlowRequestsKeepTheShareAreNotEvenlySpacedAndRepeatForTheSameSeed() {
        List<Long> first = slow(EVEN.withRandomSlow(1), 20_000);
        List<Long> again = slow(EVEN.withRandomSlow(1), 20_000);
        List<Long> other = slow(EVEN.withRandomSlow(2), 20_000);

        assertThat(first.size()).isBetween(900, 1100);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        // some land on a multiple of 4 apart, some not: a round robin over 4 servers spreads them
        assertThat(first.stream().map(n -> n % 4).distinct().count()).isEqualTo(4);
    }
}
