package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.Properties;
import io.webappupgrade.values.SecondsRule;
import io.webappupgrade.version.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The application node's properties, checked: every bad value is refused with a message naming
 * the property and what it may be.
 */
public record WebAppSettings(
        Version version,
        String applicationUrl,
        Optional<String> sha256,
        int port,
        String address,
        StartCommand startCommand,
        Map<String, String> env,
        String healthPath,
        Duration startTimeout,
        Duration stopTimeout,
        Path baseDir,
        int keepReleases,
        long maxArchiveBytes,
        int stripComponents,
        UnpackLimits unpackLimits,
        Duration fetchTimeout) {

    /** Set by the agent for the app; the node's {@code env} may not redefine them. */
    static final Set<String> RESERVED_ENV = Set.of("PORT", "HOST", "APP_VERSION");

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MIB = 1024L * 1024L;

    /**
     * Reads and checks the node properties.
     *
     * @param defaultBaseDir where releases live when {@code base_dir} is not set
     */
    public static WebAppSettings from(Properties p, Path defaultBaseDir) {
        try {
            return read(p, defaultBaseDir);
        } catch (IllegalArgumentException e) {
            throw new NonRecoverableError(e.getMessage());
        }
    }

    private static WebAppSettings read(Properties p, Path defaultBaseDir) {
        Version version = version(p.string("version"), "node property 'version'");
        String url = p.string("application_url");
        Optional<String> sha256 = p.optionalString("sha256");
        int port = p.integer("port", 0);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("node property 'port' is " + port
                    + ": expected 1 to 65535, or 0 to pick a free port");
        }
        String address = p.string("address", "127.0.0.1").trim();
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException("node property 'address' is '" + address
                    + "': expected an IP address such as 127.0.0.1 (the load balancer needs an IP, not a host name)");
        }
        List<String> command = p.has("start_command") ? p.stringList("start_command") : StartCommand.DEFAULT;
        Map<String, String> env = p.stringMap("env");
        for (String name : env.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("node property 'env' has the name '" + name
                        + "': expected letters, digits and underscores, not starting with a digit");
            }
            if (RESERVED_ENV.contains(name)) {
                throw new IllegalArgumentException("node property 'env' sets " + name
                        + ", which the agent sets for the app (PORT, HOST and APP_VERSION come from port, address and version)");
            }
        }
        String healthPath = p.string("health_path", "/health");
        if (!healthPath.startsWith("/")) {
            throw new IllegalArgumentException("node property 'health_path' is '" + healthPath
                    + "': expected a path starting with /");
        }
        Duration startTimeout = p.seconds("start_timeout", 30, SecondsRule.UP_TO_A_DAY);
        Duration stopTimeout = p.seconds("stop_timeout", 10, SecondsRule.UP_TO_A_DAY);
        Duration fetchTimeout = p.seconds("fetch_timeout", ReleaseSource.DEFAULT_DEADLINE.toSeconds(), SecondsRule.UP_TO_A_DAY);
        Path baseDir = Path.of(p.string("base_dir", defaultBaseDir.toString()));
        if (!baseDir.isAbsolute()) {
            throw new IllegalArgumentException("node property 'base_dir' is '" + baseDir + "': expected an absolute path");
        }
        int keep = atLeast(p, "keep_releases", 3, 0);
        long maxArchiveBytes = atLeast(p, "max_archive_mb", 512, 1) * MIB;
        int strip = atLeast(p, "strip_components", 0, 0);
        UnpackLimits limits = new UnpackLimits(atLeast(p, "max_unpacked_mb", 2048, 1) * MIB,
                atLeast(p, "max_archive_entries", 100_000, 1));
        return new WebAppSettings(version, url, sha256, port, address, new StartCommand(command), env, healthPath,
                startTimeout, stopTimeout, baseDir, keep, maxArchiveBytes, strip, limits, fetchTimeout);
    }

    /** Where the release archive of {@code url} comes from, with this node's size limit and fetch deadline. */
    ReleaseSource source(String url, Optional<String> sha256) {
        return new ReleaseSource(url, sha256, maxArchiveBytes, fetchTimeout);
    }

    /** Parses a version, naming {@code what} when it is not one. */
    static Version version(String text, String what) {
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw new NonRecoverableError(what + ": " + e.getMessage());
        }
    }

    private static int atLeast(Properties p, String key, int fallback, int min) {
        int v = p.integer(key, fallback);
        if (v < min) {
            throw new IllegalArgumentException("node property '" + key + "' is " + v + ": expected " + min + " or more");
        }
        return v;
    }
}
