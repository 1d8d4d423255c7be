package io.webappupgrade.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one request.
 *
 * @param status  the HTTP status, or 0 when there was no answer
 * @param error   why there was no answer (connection refused, timeout), empty otherwise
 * @param version the {@code version=...} the body named, empty when it named none
 */
public record RequestResult(long sequence, String path, Instant start, Duration duration, int status,
                            String error, String version) {

    public boolean failed() {
        return status < 200 || status > 299;
    }

    public Optional<String> answeredVersion() {
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
