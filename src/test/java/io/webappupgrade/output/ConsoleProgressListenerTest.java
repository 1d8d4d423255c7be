package io.webappupgrade.output;

import static io.webappupgrade.rollout.TestInstances.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.rollout.FakeDeployment;
import io.webappupgrade.rollout.InMemoryRolloutJournal;
import io.webappupgrade.rollout.MutableClock;
import io.webappupgrade.rollout.RolloutEngine;
import io.webappupgrade.rollout.RolloutParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressListenerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String run(boolean tty) {
        FakeDeployment fake = new FakeDeployment("shop", clock, fleet(3, "1.0"));
        fake.failOn("upgrade web_2", "health check failed");
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new RolloutEngine(fake, new InMemoryRolloutJournal(), new ConsoleProgressListener(out, tty), clock,
                d -> clock.advance(d)).run(RolloutParameters.forUpgrade(Map.of("version", "2.0",
                        "url", "https://example.com/a.tgz", "max_failures", 1, "delay", 2)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEveryEventIsOnePlainTimestampedLine() {
        String out = run(false);

        assertThat(out).doesNotContain("\r", "\033");
        assertThat(out.lines()).startsWith(
                "10:00:00.000Z plan: upgrade to 2.0: 3 of 3 candidate instance(s) in 3 batch(es)",
                "10:00:00.000Z   min_serving 1: a batch leaves the load balancer only if at least 1 other server(s)"
                        + " stay UP and READY in it",
                "10:00:00.000Z   drain_order fewest_sessions: each batch takes as many as below, of the instances still"
                        + " to do the least busy (fewest sessions in flight); ties in the order below",
                "10:00:00.000Z   batch 1: web_1",
                "10:00:00.000Z   batch 2: web_2",
                "10:00:00.000Z   batch 3: web_3",
                "10:00:00.000Z batch 1/3: web_1",
                "10:00:00.000Z web_1: unlink ...",
                "10:00:01.000Z web_1: unlink (haproxy_1) done in 1.0s",
                "10:00:01.000Z web_1: upgrade ...",
                "10:00:02.000Z web_1: upgrade done in 1.0s",
                "10:00:02.000Z web_1: establish ...",
                "10:00:03.000Z web_1: establish (haproxy_1) done in 1.0s",
                "10:00:03.000Z web_1: upgraded (1.0 -> 2.0)",
                "10:00:03.000Z waiting 2.0s after batch 1");
        assertThat(out.lines()).contains(
                "10:00:07.000Z web_2: upgrade FAILED after 1.0s: health check failed",
                "10:00:08.000Z web_2: FAILED (back in the load balancer): upgrade failed: health check failed");
        assertThat(out.lines()).last().asString().isEqualTo("10:00:13.000Z totals: selected 3, upgraded 2, failed 1");
        assertThat(out.lines()).allMatch(l -> l.startsWith("10:00:"));
    }

    @Test
    void onATerminalProgressIsOneLineRedrawnInPlaceWithOnlyWhatMattersScrolling() {
        String out = run(true);

        // What scrolls: whole lines ending in a newline. The bar is only ever redrawn with \r.
        String scrolled = out.replaceAll("\r\033\\[K[^\r\n]*(?=\r)", "").replace("\r\033[K", "");
        assertThat(scrolled.lines()).containsExactly(
                "plan: upgrade to 2.0: 3 of 3 candidate instance(s) in 3 batch(es)",
                "  min_serving 1: a batch leaves the load balancer only if at least 1 other server(s) stay UP and READY"
                        + " in it",
                "  drain_order fewest_sessions: each batch takes as many as below, of the instances still to do the least"
                        + " busy (fewest sessions in flight); ties in the order below",
                "  batch 1: web_1",
                "  batch 2: web_2",
                "  batch 3: web_3",
                "web_2: upgrade FAILED after 1.0s: health check failed",
                "web_2: FAILED (back in the load balancer): upgrade failed: health check failed",
                "finished: succeeded_with_failures (exit code 0) in 13.0s: completed with 1 failure(s), within"
                        + " max_failures 1: web_2 (upgrade failed: health check failed); done: web_1, web_3",
                "totals: selected 3, upgraded 2, failed 1");
        assertThat(out).contains("\r\033[K[------------------------] 0/3 web_1 upgrade")
                .contains("\r\033[K[################--------] 2/3 waiting 2.0s")
                .contains("\r\033[K[########################] 3/3 web_3 establish");
        assertThat(out).doesNotContain("2026-03-01T");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(ProgressText.duration(Duration.ofMillis(1234))).isEqualTo("1.2s");
        assertThat(ProgressText.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(ProgressText.duration(Duration.ofSeconds(3725))).isEqualTo("1h02m05s");
    }
}
