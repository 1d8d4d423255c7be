package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-ups fail silently by design, so this is where one that no longer works shows. */
class WarmUpTest {

    @Test
    void theBundledRecordReadsWritesAndRenders() {
        assertThat(WarmUp.warmReport()).as("length of the rendered warm-up report").isGreaterThan(2_000);
    }

    @Test
    void theHttpCallGetsItsAnswerFromItsThrowawayListener() {
        assertThat(HttpWarmUp.warm()).isTrue();
    }
}
