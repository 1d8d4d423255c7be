package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a release archive comes from and what it must look like.
 *
 * @param url      {@code http(s)://...}, {@code file:///...} or a plain local path
 * @param sha256   the expected SHA-256 of the archive, 64 hex digits in any case; empty to skip the check
 * @param maxBytes archives larger than this are refused
 * @param deadline how long the whole download may take, on top of the client's per-read timeouts
 */
public record ReleaseSource(String url, Optional<String> sha256, long maxBytes, Duration deadline) {

    /** The {@code fetch_timeout} of a node that does not set it. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(300);

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

    public ReleaseSource(String url, Optional<String> sha256, long maxBytes) {
        this(url, sha256, maxBytes, DEFAULT_DEADLINE);
    }

    public ReleaseSource {
        if (url == null || url.isBlank()) {
            throw new NonRecoverableError("a release URL is required: an http(s):// or file:// URL or a local path");
        }
        url = url.trim();
        sha256 = sha256.map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT));
        if (sha256.isPresent() && !HEX_64.matcher(sha256.get()).matches()) {
            throw new NonRecoverableError("sha256 '" + shorten(sha256.get())
                    + "' is not a SHA-256 checksum: expected 64 hexadecimal digits (or nothing to skip the check)");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
    }

    /** The URL with any credentials hidden, fit for messages. */
    public String redactedUrl() {
        return UrlRedactor.redact(url);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
