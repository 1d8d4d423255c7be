package io.webappupgrade.traffic;

import java.net.URI;
import java.time.Duration;

/**
 * What traffic to send.
 *
 * @param target            the URL of ordinary requests, for example {@code http://127.0.0.1:8080/}
 * @param requestsPerSecond the steady rate, kept whatever the answers' speed
 * @param slowFraction      the share of requests sent to {@code /slow?ms=...} instead (0 to 1)
 * @param slowDuration      how long a slow request asks the server to take
 * @param requestTimeout    after this a request counts as failed
 */
public record LoadProfile(URI target, int requestsPerSecond, double slowFraction, Duration slowDuration,
                          Duration requestTimeout) {

    public LoadProfile {
        if (target == null || !"http".equals(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("load target is '" + target + "': expected an http:// URL with a host");
        }
        if (requestsPerSecond < 1 || requestsPerSecond > 10_000) {
            throw new IllegalArgumentException("requests per second is " + requestsPerSecond + ": expected 1 to 10000");
        }
        if (!(slowFraction >= 0 && slowFraction <= 1)) {
            throw new IllegalArgumentException("slow fraction is " + slowFraction + ": expected 0 to 1");
        }
        if (slowDuration.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("slow duration and request timeout must be positive");
        }
    }

    /** The same profile with no slow requests. */
    public static LoadProfile steady(URI target, int requestsPerSecond) {
        return new LoadProfile(target, requestsPerSecond, 0, Duration.ZERO, Duration.ofSeconds(10));
    }

    /** The URL of the {@code n}-th request: slow ones are spread evenly, {@code slowFraction} of all. */
    URI uriOf(long n) {
        boolean slow = Math.floor((n + 1) * slowFraction) > Math.floor(n * slowFraction);
        return slow ? target.resolve("/slow?ms=" + slowDuration.toMillis()) : target;
    }
}
