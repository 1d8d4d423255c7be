package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up fails silently by design, so this is where a record it can no longer read shows. */
class ReportWarmUpTest {

    @Test
    void theBundledRecordReadsWritesAndRenders() {
        assertThat(ReportWarmUp.warm()).as("length of the rendered warm-up report").isGreaterThan(2_000);
    }
}
