package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a release archive comes from and what it must look like.
 *
 * @param url      {@code http(s)://...}, {@code file:///...} or a plain local path
 * @param sha256   the expected SHA-256 of the archive, 64 hex digits in any case; empty to skip the check
 * @param maxBytes archives larger than this are refused
 */
public record ReleaseSource(String url, Optional<String> sha256, long maxBytes) {

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

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
    }

    /** The URL with any credentials hidden, fit for messages. */
    public String redactedUrl() {
        return UrlRedactor.redact(url);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
