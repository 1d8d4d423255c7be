package io.webappupgrade.traffic;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.SplittableRandom;

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
                          Duration requestTimeout, OptionalLong randomSlowSeed) {

    /** Slow requests spread evenly: every (1 / slowFraction)-th request. */
    public LoadProfile(URI target, int requestsPerSecond, double slowFraction, Duration slowDuration,
                       Duration requestTimeout) {
        this(target, requestsPerSecond, slowFraction, slowDuration, requestTimeout, OptionalLong.empty());
    }

    /**
     * The same profile with its slow requests picked at random (the same ones for the same seed).
     * Evenly spaced slow requests line up with a load balancer's round robin: every 20th request
     * goes to the same one or two servers, and how long a drain waits then depends on the order
     * of the servers rather than on chance.
     */
    public LoadProfile withRandomSlow(long seed) {
        return new LoadProfile(target, requestsPerSecond, slowFraction, slowDuration, requestTimeout, OptionalLong.of(seed));
    }

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
        if (randomSlowSeed == null) {
            throw new IllegalArgumentException("random slow seed must be given, or OptionalLong.empty()");
        }
        if (slowDuration.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("slow duration and request timeout must be positive");
        }
    }

    /** The same profile with no slow requests. */
    public static LoadProfile steady(URI target, int requestsPerSecond) {
        return new LoadProfile(target, requestsPerSecond, 0, Duration.ZERO, Duration.ofSeconds(10), OptionalLong.empty());
    }

    /** The URL of the {@code n}-th request: {@code slowFraction} of all are slow, evenly spread or at random. */
    URI uriOf(long n) {
        boolean slow = randomSlowSeed.isPresent()
                ? new SplittableRandom(randomSlowSeed.getAsLong() * 0x9E3779B97F4A7C15L + n).nextDouble() < slowFraction
                : Math.floor((n + 1) * slowFraction) > Math.floor(n * slowFraction);
        return slow ? target.resolve("/slow?ms=" + slowDuration.toMillis()) : target;
    }
}
