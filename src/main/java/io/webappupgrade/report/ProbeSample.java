package io.webappupgrade.report;

import java.time.Instant;
import java.util.Objects;

/**
 * One request of a load probe, as the probe saw it.
 *
 * @param at      when the request was sent
 * @param ok      whether it was answered successfully
 * @param version the release version that answered, null when unknown (failed, or no version in the answer)
 */
public record ProbeSample(Instant at, boolean ok, String version) {

    public ProbeSample {
        Objects.requireNonNull(at, "at");
    }
}
