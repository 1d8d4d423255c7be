package io.webappupgrade.haproxy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * HAProxy's runtime API over its stats socket (which needs {@code level admin} for server changes).
 * Every command opens its own connection. A reply HAProxy uses to refuse a command becomes a
 * {@link RuntimeApiException} naming the command and HAProxy's reason.
 */
public final class RuntimeApiClient {

    /** HAProxy's reply to an {@code add server} it accepted. */
    private static final String SERVER_ADDED = "New server registered.";

    private final UnixSocketCli cli;

    public RuntimeApiClient(Path statsSocket, Duration connectTimeout, Duration readTimeout) {
        this.cli = new UnixSocketCli(statsSocket, connectTimeout, readTimeout);
    }

    public RuntimeApiClient(Path statsSocket) {
        this(statsSocket, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public Path socket() {
        return cli.socket();
    }

    /** True when HAProxy answers on the socket. */
    public boolean answers() {
        try {
            return cli.send("show info").contains("Name:");
        } catch (IOException e) {
            return false;
        }
    }

    /** The raw reply to any command, refused if HAProxy says it does not know it or may not run it. */
    public String execute(String command) {
        return call(command, reply -> true);
    }

    /** Every server of {@code backend}, with sessions, queue, status and last check. */
    public List<StatRow> showStat(String backend) {
        String reply = call("show stat " + backend + " 4 -1", r -> r.startsWith("# pxname"));
        return StatCsv.parse(reply);
    }

    /** One server of {@code backend}, or empty when the backend has no server of that name. */
    public Optional<StatRow> server(String backend, String server) {
        return showStat(backend).stream().filter(row -> row.name().equals(server)).findFirst();
    }

    public List<ServerStateRow> showServersState(String backend) {
        String reply = call("show servers state " + backend, r -> r.startsWith("1\n#"));
        return ServerStateText.parse(reply);
    }

    /**
     * Adds a dynamic server, which HAProxy creates in maintenance mode.
     *
     * @param options further server keywords, for example {@code check}, {@code inter}, {@code 2000}
     */
    public void addServer(String backend, String server, String address, int port, List<String> options) {
        call(addCommand(backend, server, address, port, options), r -> r.startsWith(SERVER_ADDED));
    }

    /**
     * Adds a dynamic server and starts its health checks in one command line. HAProxy schedules
     * the new server's first check {@code downinter} after {@code add server}; when that moment
     * comes before checks are on (a separate {@code enable health} that arrives later, as on a
     * busy host), the check waits a whole {@code inter} instead (2 s by default). Sent together,
     * the first check is never late.
     */
    public void addServerWithHealth(String backend, String server, String address, int port, List<String> options) {
        String enable = "enable health " + backend + "/" + server;
        String reply = call(addCommand(backend, server, address, port, options) + "; " + enable,
                r -> r.startsWith(SERVER_ADDED));
        if (!reply.strip().substring(SERVER_ADDED.length()).isBlank()) {
            // the server is in; its checks were not turned on by the same line, so ask again on their own
            enableHealth(backend, server);
        }
    }

    private static String addCommand(String backend, String server, String address, int port, List<String> options) {
        StringBuilder command = new StringBuilder("add server ").append(backend).append('/').append(server)
                .append(' ').append(hostPort(address, port));
        options.forEach(o -> command.append(' ').append(o));
        return command.toString();
    }

    /** Starts the health checks of a dynamic server (HAProxy leaves them off after {@code add server}). */
    public void enableHealth(String backend, String server) {
        call("enable health " + backend + "/" + server, String::isEmpty);
    }

    public void setServerState(String backend, String server, ServerAdminState state) {
        call("set server " + backend + "/" + server + " state " + state.keyword(), String::isEmpty);
    }

    /** Deletes a dynamic server; HAProxy only allows it in maintenance with nothing in flight. */
    public void deleteServer(String backend, String server) {
        call("del server " + backend + "/" + server, r -> r.startsWith("Server deleted."));
    }

    private String call(String command, Predicate<String> accepted) {
        String reply;
        try {
            reply = cli.send(command);
        } catch (IOException e) {
            throw new RuntimeApiException(command,
                    "HAProxy runtime API at " + cli.socket() + " did not answer '" + command + "': " + e.getMessage(), e);
        }
        String trimmed = reply.strip();
        if (trimmed.startsWith("Unknown command")) {
            throw refused(command, "unknown command");
        }
        if (trimmed.startsWith("Permission denied")) {
            throw refused(command, "permission denied (server changes need a stats socket with 'level admin')");
        }
        if (!accepted.test(trimmed.isEmpty() ? "" : reply.stripLeading())) {
            throw refused(command, firstLine(trimmed));
        }
        return reply;
    }

    private static RuntimeApiException refused(String command, String reason) {
        return new RuntimeApiException(command, "HAProxy refused '" + command + "': " + reason, null);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String hostPort(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
