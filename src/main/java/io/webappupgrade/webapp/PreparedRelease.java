package io.webappupgrade.webapp;

import io.webappupgrade.ctx.Properties;
import io.webappupgrade.ctx.RuntimeProperties;
import io.webappupgrade.version.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A release {@code prepare} fetched, checked and unpacked beside the serving one, recorded in
 * the runtime property {@value #KEY} so that {@code upgrade} can use it instead of fetching
 * again. The URL is kept only as a digest: it may carry credentials, and runtime properties are
 * shown to anyone who can read the deployment.
 *
 * @param urlDigest SHA-256 of the URL exactly as given
 * @param sha256    the checksum the archive was checked against, empty when none was given
 */
record PreparedRelease(Version version, String urlDigest, String sha256, String path) {

    static final String KEY = "prepared_release";

    static PreparedRelease of(Version version, ReleaseSource source, String path) {
        return new PreparedRelease(version, digest(source.url()), source.sha256().orElse(""), path);
    }

    /** Whether this is {@code version} from the same URL and with the same checksum as {@code source}. */
    boolean matches(Version version, ReleaseSource source) {
        return this.version.equals(version) && urlDigest.equals(digest(source.url()))
                && sha256.equals(source.sha256().orElse(""));
    }

    static Optional<PreparedRelease> read(Properties runtime) {
        Object value = runtime.value(KEY).orElse(null);
        if (!(value instanceof Map<?, ?> m) || !Version.isValid(String.valueOf(m.get("version")))) {
            return Optional.empty();
        }
        return Optional.of(new PreparedRelease(Version.parse(String.valueOf(m.get("version"))),
                String.valueOf(m.get("url_sha256")), m.get("sha256") == null ? "" : String.valueOf(m.get("sha256")),
                String.valueOf(m.get("path"))));
    }

    void writeTo(RuntimeProperties runtime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version.toString());
        m.put("url_sha256", urlDigest);
        m.put("sha256", sha256);
        m.put("path", path);
        runtime.put(KEY, m);
        runtime.persist();
    }

    static void clear(RuntimeProperties runtime) {
        if (runtime.get(KEY).isPresent()) {
            runtime.remove(KEY);
            runtime.persist();
        }
    }

    private static String digest(String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}
