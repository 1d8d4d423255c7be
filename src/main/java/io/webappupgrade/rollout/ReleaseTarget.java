package io.webappupgrade.rollout;

import io.webappupgrade.version.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * The release an upgrade moves instances to.
 *
 * @param sha256 the archive's expected SHA-256 (lower-case hex), when given
 */
public record ReleaseTarget(Version version, String url, Optional<String> sha256) {

    public ReleaseTarget {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Shows the URL redacted: it may carry a password or token. */
    @Override
    public String toString() {
        return "ReleaseTarget[version=" + version + ", url=" + Redaction.url(url) + ", sha256=" + sha256.orElse("-") + "]";
    }
}
