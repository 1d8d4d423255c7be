package io.webappupgrade.webapp;

import io.webappupgrade.version.Version;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One kept release as recorded in the runtime property {@code releases}.
 *
 * @param url  where it came from, with any credentials already {@linkplain UrlRedactor redacted}
 * @param path its release directory
 */
public record ReleaseRecord(Version version, String url, String path) {

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version.toString());
        m.put("url", url);
        m.put("path", path);
        return m;
    }

    static ReleaseRecord fromMap(Object value) {
        if (!(value instanceof Map<?, ?> m) || m.get("version") == null) {
            throw new IllegalStateException("runtime property 'releases' holds an entry that is not"
                    + " {version, url, path}: " + value);
        }
        return new ReleaseRecord(Version.parse(String.valueOf(m.get("version"))), String.valueOf(m.get("url")),
                String.valueOf(m.get("path")));
    }
}
