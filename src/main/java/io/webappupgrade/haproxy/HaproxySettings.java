package io.webappupgrade.haproxy;

import io.webappupgrade.ctx.Properties;
import io.webappupgrade.values.SecondsRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HAProxy node's properties, checked. Every value that reaches haproxy.cfg or a command line
 * is restricted to a safe alphabet here, so rendering never has to escape anything.
 *
 * @param workDir       where the daemon's sockets, pid file and log live
 * @param configPath    the haproxy.cfg this project owns (in service mode, the one the service reads)
 * @param statsSocket   the admin-level runtime API socket
 * @param statsPort     0 for no stats page
 * @param healthCheckPath empty for plain TCP checks
 * @param serviceName   empty: this project runs HAProxy itself; otherwise the system service to reload
 */
public record HaproxySettings(
        String frontendAddress, int frontendPort, String backendName, String balance,
        Duration connectTimeout, Duration clientTimeout, Duration serverTimeout,
        boolean healthChecks, String healthCheckPath, Duration checkInterval, int checkRise, int checkFall,
        String statsAddress, int statsPort,
        Path workDir, Path configPath, Path statsSocket,
        String serviceName, String haproxyBinary, Duration drainTimeout, Duration upTimeout) {

    /** Algorithms HAProxy allows dynamic servers with ({@code add server} refuses static ones). */
    public static final Set<String> DYNAMIC_BALANCE = Set.of("roundrobin", "leastconn", "first", "random");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9@_.:-]{1,128}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./-]*");
    private static final Pattern URI_PATH = Pattern.compile("/[A-Za-z0-9_./?=&%~+-]*");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** sun_path holds 108 bytes; HAProxy needs room for its temporary suffix when it rebinds. */
    private static final int MAX_SOCKET_PATH = 96;

    public HaproxySettings {
        requireIp("frontend_address", frontendAddress);
        requirePort("frontend_port", frontendPort);
        requireName("backend_name", backendName);
        if (!DYNAMIC_BALANCE.contains(balance)) {
            throw new IllegalArgumentException("node property 'balance' is '" + balance
                    + "': expected one of " + String.join(", ", DYNAMIC_BALANCE.stream().sorted().toList())
                    + " (algorithms that allow servers to be added without a reload)");
        }
        requirePositive("timeout_connect_ms", connectTimeout);
        requirePositive("timeout_client_ms", clientTimeout);
        requirePositive("timeout_server_ms", serverTimeout);
        if (!healthCheckPath.isEmpty() && !URI_PATH.matcher(healthCheckPath).matches()) {
            throw new IllegalArgumentException("node property 'health_check_path' is '" + healthCheckPath
                    + "': expected empty (TCP checks) or a path starting with '/' without spaces or quotes");
        }
        requirePositive("check_interval_ms", checkInterval);
        requireRange("check_rise", checkRise, 1, 100);
        requireRange("check_fall", checkFall, 1, 100);
        requireIp("stats_address", statsAddress);
        if (statsPort != 0) {
            requirePort("stats_port", statsPort);
            if (statsPort == frontendPort) {
                throw new IllegalArgumentException("node property 'stats_port' is " + statsPort
                        + ", the same as 'frontend_port': expected another port, or 0 for no stats page");
            }
        }
        requirePath("work_dir", workDir);
        requirePath("config_path", configPath);
        requirePath("stats_socket", statsSocket);
        if (statsSocket.toString().length() > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("node property 'stats_socket' is " + statsSocket.toString().length()
                    + " characters long: expected at most " + MAX_SOCKET_PATH + " (a unix socket path limit)");
        }
        if (!serviceName.isEmpty() && !SERVICE.matcher(serviceName).matches()) {
            throw new IllegalArgumentException("node property 'service_name' is '" + serviceName
                    + "': expected empty (run HAProxy as our own daemon) or a systemd unit name");
        }
        if (!PATH.matcher(haproxyBinary).matches() && !NAME.matcher(haproxyBinary).matches()) {
            throw new IllegalArgumentException("node property 'haproxy_binary' is '" + haproxyBinary
                    + "': expected a command name or an absolute path without spaces");
        }
    }

    /**
     * Reads the node's properties; anything missing takes the documented default.
     *
     * @throws IllegalArgumentException naming the property and what it must be
     */
    public static HaproxySettings fromProperties(Properties p) {
        Path workDir = path(p, "work_dir", "/var/lib/webapp-upgrade/haproxy");
        return new HaproxySettings(
                p.string("frontend_address", "0.0.0.0"),
                p.integer("frontend_port", 8080),
                p.string("backend_name", "webapp"),
                p.string("balance", "roundrobin"),
                Duration.ofMillis(p.integer("timeout_connect_ms", 5_000)),
                Duration.ofMillis(p.integer("timeout_client_ms", 30_000)),
                Duration.ofMillis(p.integer("timeout_server_ms", 30_000)),
                p.bool("health_checks", true),
                p.optionalString("health_check_path").orElse(p.has("health_check_path") ? "" : "/health"),
                Duration.ofMillis(p.integer("check_interval_ms", 2_000)),
                p.integer("check_rise", 2),
                p.integer("check_fall", 3),
                p.string("stats_address", "127.0.0.1"),
                p.integer("stats_port", 0),
                workDir,
                optionalPath(p, "config_path").orElse(workDir.resolve("haproxy.cfg")),
                optionalPath(p, "stats_socket").orElse(workDir.resolve("admin.sock")),
                p.string("service_name", ""),
                p.string("haproxy_binary", "haproxy"),
                // more than 0: a drain that cannot wait for one session would fail every busy unlink
                p.seconds("drain_timeout", 60, SecondsRule.POSITIVE),
                p.seconds("up_timeout", 30, SecondsRule.NOT_NEGATIVE));
    }

    /** True when a system service runs HAProxy and this project only writes its config and reloads it. */
    public boolean runsAsService() {
        return !serviceName.isEmpty();
    }

    /** Where clients reach the frontend; a wildcard bind address is shown as loopback. */
    public String frontendUrl() {
        String host = switch (frontendAddress) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::" -> "[::1]";
            default -> frontendAddress.indexOf(':') >= 0 ? "[" + frontendAddress + "]" : frontendAddress;
        };
        return "http://" + host + ":" + frontendPort + "/";
    }

    /** The backend set kept next to the config; see {@link BackendStore}. */
    Path backendsFile() {
        return configPath.resolveSibling(configPath.getFileName() + ".backends.json");
    }

    /** The lock file that serialises changes from separate processes. */
    Path lockFile() {
        return configPath.resolveSibling(configPath.getFileName() + ".lock");
    }

    Path masterSocket() {
        return workDir.resolve("master.sock");
    }

    Path pidFile() {
        return workDir.resolve("haproxy.pid");
    }

    Path logFile() {
        return workDir.resolve("haproxy.log");
    }

    /** Checks a server name (an app instance id) before it reaches a command. */
    static String requireServerName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " is '" + name
                    + "': expected 1 to 64 letters, digits, '_', '.', ':' or '-'");
        }
        return name;
    }

    /** Checks a server address: HAProxy's dynamic servers take IP addresses only, never host names. */
    static String requireIp(String what, String address) {
        if (address == null || !(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
            throw new IllegalArgumentException((what.contains(" ") ? what : "node property '" + what + "'")
                    + " is '" + address + "': expected an IPv4 or IPv6 address (not a host name)");
        }
        return address;
    }

    static int requirePort(String what, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException((what.contains(" ") ? what : "node property '" + what + "'")
                    + " is " + port + ": expected a port from 1 to 65535");
        }
        return port;
    }

    private static void requireName(String what, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("node property '" + what + "' is '" + value
                    + "': expected 1 to 64 letters, digits, '_', '.', ':' or '-'");
        }
    }

    private static void requirePositive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("node property '" + what + "' is " + d.toMillis() + ": expected more than 0");
        }
    }

    private static void requireRange(String what, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("node property '" + what + "' is " + v + ": expected " + min + " to " + max);
        }
    }

    private static void requirePath(String what, Path path) {
        if (!PATH.matcher(path.toString()).matches()) {
            throw new IllegalArgumentException("node property '" + what + "' is '" + path
                    + "': expected an absolute path of letters, digits, '_', '.', '-' and '/'");
        }
    }

    private static Path path(Properties p, String key, String fallback) {
        return Path.of(p.string(key, fallback));
    }

    private static Optional<Path> optionalPath(Properties p, String key) {
        return p.optionalString(key).map(Path::of);
    }

}
