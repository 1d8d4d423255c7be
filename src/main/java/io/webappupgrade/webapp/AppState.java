package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.Properties;
import io.webappupgrade.ctx.RuntimeProperties;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime properties record about one app instance. Written whole: every key this
 * class owns is set (or removed) on each write, the only kind of write Cloudify persists.
 *
 * @param releases kept releases, oldest first, the serving one last
 * @param process  the running app, if one was started and not stopped
 */
record AppState(List<ReleaseRecord> releases, Optional<AppProcess> process, String ip, int port, String baseDir) {

    // The operation's own names (webapp may not depend on deployment); the same as
    // DeploymentOperations.APP_VERSION and APP_PREVIOUS_VERSION, which AppStateNamesTest keeps so.
    static final String APP_VERSION = "app_version";
    static final String APP_PREV_VERSION = "app_prev_version";
    static final String RELEASE_DIR = "release_dir";
    static final String RELEASES = "releases";
    static final String PID = "pid";
    static final String PID_STARTED_AT = "pid_started_at";
    static final String IP = "ip";
    static final String PORT = "port";
    static final String APP_URL = "app_url";
    static final String BASE_DIR = "base_dir";
    static final List<String> KEYS = List.of(APP_VERSION, APP_PREV_VERSION, RELEASE_DIR, RELEASES, PID,
            PID_STARTED_AT, IP, PORT, APP_URL, BASE_DIR);

    AppState {
        releases = List.copyOf(releases);
    }

    /** The state of an instance that has been configured; a clear error when it has not. */
    static AppState readConfigured(RuntimeProperties runtime, String instanceId) {
        Properties p = runtime.read();
        Object releases = p.value(RELEASES).orElse(null);
        if (!(releases instanceof List<?> list) || list.isEmpty() || !p.has(PORT) || !p.has(BASE_DIR)) {
            throw new NonRecoverableError("app instance " + instanceId
                    + " has not been configured (no release is recorded): run install (configure) first");
        }
        List<ReleaseRecord> records = new ArrayList<>();
        list.forEach(entry -> records.add(ReleaseRecord.fromMap(entry)));
        return new AppState(records, readProcess(p), p.string(IP), p.integer(PORT, 0), p.string(BASE_DIR));
    }

    /** The recorded app process, whether or not the instance is configured. */
    static Optional<AppProcess> readProcess(Properties p) {
        if (!p.has(PID) || !p.has(PID_STARTED_AT)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AppProcess(Long.parseLong(p.string(PID)), Instant.parse(p.string(PID_STARTED_AT))));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new NonRecoverableError("runtime properties 'pid'/'pid_started_at' are '" + p.string(PID) + "'/'"
                    + p.string(PID_STARTED_AT) + "': expected a process id and an ISO-8601 instant");
        }
    }

    ReleaseRecord serving() {
        return releases.get(releases.size() - 1);
    }

    Optional<ReleaseRecord> previous() {
        return releases.size() < 2 ? Optional.empty() : Optional.of(releases.get(releases.size() - 2));
    }

    String appUrl() {
        return "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    AppState withProcess(Optional<AppProcess> p) {
        return new AppState(releases, p, ip, port, baseDir);
    }

    AppState withReleases(List<ReleaseRecord> r) {
        return new AppState(r, process, ip, port, baseDir);
    }

    /** Writes every key this state owns and makes it durable at once. */
    void writeTo(RuntimeProperties runtime) {
        List<Object> list = new ArrayList<>();
        releases.forEach(r -> list.add(r.toMap()));
        runtime.put(RELEASES, list);
        runtime.put(APP_VERSION, serving().version().toString());
        previous().ifPresentOrElse(r -> runtime.put(APP_PREV_VERSION, r.version().toString()),
                () -> runtime.remove(APP_PREV_VERSION));
        runtime.put(RELEASE_DIR, serving().path());
        process.ifPresentOrElse(p -> {
            runtime.put(PID, p.pid());
            runtime.put(PID_STARTED_AT, p.startedAt().toString());
        }, () -> {
            runtime.remove(PID);
            runtime.remove(PID_STARTED_AT);
        });
        runtime.put(IP, ip);
        runtime.put(PORT, port);
        runtime.put(APP_URL, appUrl());
        runtime.put(BASE_DIR, baseDir);
        // Persisted now, not at the end of the operation: a pid must not be lost if the agent dies.
        runtime.persist();
    }
}
