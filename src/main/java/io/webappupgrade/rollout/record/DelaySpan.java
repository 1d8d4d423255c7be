package io.webappupgrade.rollout.record;

import java.time.Instant;

/** The wait after a batch. */
public record DelaySpan(int afterBatch, Instant startedAt, Instant endedAt, long durationMillis, long plannedMillis) {
}
