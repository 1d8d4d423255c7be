package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NodeInstanceContext;
import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.OperationContext;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of the application node: {@code configure}, {@code start}, {@code stop},
 * {@code delete} (lifecycle) and {@code prepare}, {@code upgrade}, {@code rollback} (the
 * {@code webapp_upgrade} interface). Each takes the operation's context, works on {@code ctx.instance()}, records what
 * it did in the instance's runtime properties and hands back a small map through
 * {@code ctx.returns}. Failures are {@link NonRecoverableError}s (or {@code RecoverableError}s for
 * downloads that may work later) whose message says what went wrong and what is serving.
 */
public final class WebAppOperations {

    private static final Logger log = LoggerFactory.getLogger(WebAppOperations.class);
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final ReleaseInstaller installer;
    private final HealthCheck healthCheck;
    private final AppLauncher launcher;
    private final AppTerminator terminator;
    private final PortGuard portGuard;
    private final Map<String, String> agentEnvironment;
    private final Path defaultBaseDir;
    private final Clock clock;

    /**
     * @param portGuard        checks the port is free before a start and held by the started app after it
     * @param agentEnvironment the agent's environment; the app inherits only PATH, HOME, USER,
     *                         LOGNAME, LANG, LC_ALL, LC_CTYPE, TZ and TMPDIR from it
     * @param defaultBaseDir   where releases live when the node has no {@code base_dir}
     * @param clock            times the steps of upgrade and rollback recorded in {@code last_steps}
     */
    public WebAppOperations(ReleaseInstaller installer, HealthCheck healthCheck, AppLauncher launcher,
            AppTerminator terminator, PortGuard portGuard, Map<String, String> agentEnvironment, Path defaultBaseDir,
            Clock clock) {
        this.installer = Objects.requireNonNull(installer, "installer");
        this.healthCheck = Objects.requireNonNull(healthCheck, "healthCheck");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.terminator = Objects.requireNonNull(terminator, "terminator");
        this.portGuard = Objects.requireNonNull(portGuard, "portGuard");
        this.agentEnvironment = Map.copyOf(agentEnvironment);
        this.defaultBaseDir = Objects.requireNonNull(defaultBaseDir, "defaultBaseDir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The operations as the agent runs them: downloads through {@code http}, health checks with
     * short per-request timeouts, this process's environment, releases under
     * {@code <user.home>/webapp-upgrade} unless the node says otherwise.
     */
    public static WebAppOperations standard(Supplier<OkHttpClient> http) {
        return new WebAppOperations(new ReleaseInstaller(new ReleaseFetcher(http)),
                new HealthCheck(WebAppOperations::healthClient, Duration.ofMillis(100)), new AppLauncher(),
                new AppTerminator(),
                new PortGuard(PortListeners.system()), System.getenv(),
                Path.of(System.getProperty("user.home"), "webapp-upgrade"), Clock.systemUTC());
    }

    /** Health URLs are plain http on the app's own address: a cleartext-only client sets up no TLS. */
    private static OkHttpClient healthClient() {
        return new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(3))
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Installs the node's {@code application_url} as release {@code version}, points {@code current} at it and picks the port. */
    public void configure(OperationContext ctx) {
        NodeInstanceContext instance = ctx.instance();
        WebAppSettings settings = settings(instance);
        Optional<AppProcess> running = AppState.readProcess(instance.runtimeProperties().read())
                .filter(AppProcess::isAlive);
        if (running.isPresent()) {
            throw new NonRecoverableError("app instance " + instance.instanceId() + " is running (pid "
                    + running.get().pid() + "): stop it before configuring it again; nothing was changed");
        }
        Optional<Object> recordedPort = instance.runtimeProperties().get(AppState.PORT);
        int port = recordedPort.isPresent() ? instance.runtimeProperties().read().integer(AppState.PORT, 0)
                : settings.port() != 0 ? settings.port() : freePort(settings.address());
        ReleaseStore store = store(settings.baseDir(), instance);
        ReleaseRecord release = install(store, settings, settings.version(),
                settings.source(settings.applicationUrl(), settings.sha256()));
        store.switchTo(release.version());
        AppState state = new AppState(List.of(release), Optional.empty(), settings.address(), port,
                settings.baseDir().toString());
        state.writeTo(instance.runtimeProperties());
        log.info("configured {}: release {} in {}, port {}", instance.instanceId(), release.version(), release.path(), port);
        ctx.returns(result(true, state, "release " + release.version() + " installed; the app will listen on "
                + state.appUrl()));
    }

    /** Starts the serving release and waits until it is healthy; a running app is only health-checked. */
    public void start(OperationContext ctx) {
        NodeInstanceContext instance = ctx.instance();
        WebAppSettings settings = settings(instance);
        AppState state = AppState.readConfigured(instance.runtimeProperties(), instance.instanceId());
        Optional<AppProcess> running = state.process().filter(AppProcess::isAlive);
        if (running.isPresent()) {
            healthCheck.await(healthUrl(state, settings), running.get(), settings.startTimeout(), appLog(state, instance));
            portGuard.requireOurs(settings.address(), state.port(), running.get());
            ctx.returns(result(false, state, "release " + state.serving().version() + " was already running (pid "
                    + running.get().pid() + ") and is healthy"));
            return;
        }
        ReleaseStore store = store(Path.of(state.baseDir()), instance);
        if (!store.current().filter(state.serving().version()::equals).isPresent()) {
            store.switchTo(state.serving().version());
        }
        AppState started;
        try {
            started = launchHealthy(instance, settings, state, state.serving(), new StepRecorder(clock, "start"));
        } catch (AppStartError e) {
            throw new AppStartError("release " + state.serving().version() + " of app instance " + instance.instanceId()
                    + " did not start: " + e.getMessage());
        }
        ctx.returns(result(true, started, "release " + state.serving().version() + " started and healthy at "
                + started.appUrl()));
    }

    /** Stops the app (SIGTERM, then SIGKILL after {@code stop_timeout}); succeeds when it is not running. */
    public void stop(OperationContext ctx) {
        NodeInstanceContext instance = ctx.instance();
        WebAppSettings settings = settings(instance);
        Optional<AppProcess> recorded = AppState.readProcess(instance.runtimeProperties().read());
        String message;
        if (recorded.isEmpty()) {
            message = "the app was not running";
        } else {
            AppTerminator.Outcome outcome = terminator.stop(recorded.get(), settings.stopTimeout());
            message = switch (outcome) {
                case ALREADY_STOPPED -> "the app (pid " + recorded.get().pid() + ") had already stopped";
                case STOPPED -> "the app (pid " + recorded.get().pid() + ") stopped";
                case KILLED -> "the app (pid " + recorded.get().pid() + ") was killed after not stopping within "
                        + settings.stopTimeout().toSeconds() + " s";
            };
            instance.runtimeProperties().remove(AppState.PID);
            instance.runtimeProperties().remove(AppState.PID_STARTED_AT);
            instance.runtimeProperties().persist();
        }
        log.info("stop {}: {}", instance.instanceId(), message);
        ctx.returns(Map.of("changed", recorded.isPresent(), "message", message));
    }

    /** Stops the app if it runs, then removes the instance's directory and runtime properties. */
    public void delete(OperationContext ctx) {
        NodeInstanceContext instance = ctx.instance();
        WebAppSettings settings = settings(instance);
        AppState.readProcess(instance.runtimeProperties().read())
                .ifPresent(p -> terminator.stop(p, settings.stopTimeout()));
        Path baseDir = instance.runtimeProperties().read().optionalString(AppState.BASE_DIR).map(Path::of)
                .orElse(settings.baseDir());
        Path dir = store(baseDir, instance).instanceDir();
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
        AppState.KEYS.forEach(instance.runtimeProperties()::remove);
        instance.runtimeProperties().remove(PreparedRelease.KEY);
        instance.runtimeProperties().persist();
        log.info("deleted {}: removed {}", instance.instanceId(), dir);
        ctx.returns(Map.of("changed", true, "message", "removed " + dir));
    }

    /**
     * Fetches, checks and unpacks the input {@code version} from {@code url} (optional
     * {@code sha256}) beside the serving release, which keeps serving: run before the instance
     * leaves the load balancer, so a missing or bad archive costs no capacity. A later
     * {@code upgrade} with the same version, URL and checksum uses it instead of fetching again.
     * Does nothing when that version is not newer than the serving one.
     */
    public void prepare(OperationContext ctx) {
        ReleaseRequest request = ReleaseRequest.of(ctx, defaultBaseDir);
        NodeInstanceContext instance = request.instance();
        WebAppSettings settings = request.settings();
        AppState state = request.state();
        Version target = request.target();
        ReleaseSource source = request.source();
        ReleaseRecord serving = state.serving();
        if (!target.isNewerThan(serving.version())) {
            ctx.returns(result(false, state, "release " + target + " is not newer than the serving release "
                    + serving.version() + ": nothing to prepare"));
            return;
        }
        ReleaseStore store = store(Path.of(state.baseDir()), instance);
        discardOtherPrepared(instance, store, state, target);
        if (prepared(instance, store, target, source).isPresent()) {
            ctx.returns(result(false, state, "release " + target + " was already prepared in "
                    + store.releaseDir(target) + "; release " + serving.version() + " keeps serving"));
            return;
        }
        ReleaseRecord fresh = install(store, settings, target, source);
        PreparedRelease.of(target, source, fresh.path()).writeTo(instance.runtimeProperties());
        log.info("prepare {}: release {} ready in {}", instance.instanceId(), target, fresh.path());
        ctx.returns(result(true, state, "release " + target + " fetched, checked and unpacked in " + fresh.path()
                + "; release " + serving.version() + " keeps serving"));
    }

    /**
     * Upgrades to the input {@code version} from {@code url} (optional {@code sha256}); does
     * nothing when that version is not newer than the serving one. The new release is installed
     * beside the old, which keeps serving until the switch, unless {@code prepare} already did
     * so from the same URL and checksum. Refused before anything is stopped when the app's port
     * is held by a process other than the recorded app. If the new release does not become
     * healthy, the previous one is switched back and restarted, and the error says so. Its timed
     * steps go to the runtime property {@code last_steps}, also when it fails.
     */
    public void upgrade(OperationContext ctx) {
        ReleaseRequest request = ReleaseRequest.of(ctx, defaultBaseDir);
        NodeInstanceContext instance = request.instance();
        WebAppSettings settings = request.settings();
        AppState state = request.state();
        Version target = request.target();
        ReleaseSource source = request.source();
        ReleaseRecord serving = state.serving();
        if (!target.isNewerThan(serving.version())) {
            String message = "release " + target + " is not newer than the serving release " + serving.version()
                    + ": nothing to do";
            log.info("upgrade {}: {}", instance.instanceId(), message);
            ctx.returns(result(false, state, message));
            return;
        }
        requirePortOurs(instance, settings, state, "the upgrade to " + target);
        ReleaseStore store = store(Path.of(state.baseDir()), instance);
        discardOtherPrepared(instance, store, state, target);
        Optional<PreparedRelease> prepared = prepared(instance, store, target, source);
        StepRecorder steps = new StepRecorder(clock, "upgrade");
        try {
            ReleaseRecord fresh = prepared.isPresent()
                    ? new ReleaseRecord(target, source.redactedUrl(), store.releaseDir(target).toString())
                    : steps.time(StepRecorder.INSTALL, target, () -> install(store, settings, target, source));
            prepared.ifPresent(p -> log.info("upgrade {}: using release {} prepared in {}", instance.instanceId(),
                    target, fresh.path()));
            AppState switched = replaceServing(instance, settings, store, state, serving, fresh, "the upgrade", steps);
            List<ReleaseRecord> releases = new ArrayList<>(state.releases());
            releases.add(fresh);
            AppState done = switched.withReleases(keep(releases, settings.keepReleases()));
            store.prune(settings.keepReleases(), Optional.empty());
            done.writeTo(instance.runtimeProperties());
            ctx.returns(result(true, done, "upgraded from " + serving.version() + " to " + target
                    + (prepared.isPresent() ? " (release prepared beforehand)" : "")));
        } finally {
            PreparedRelease.clear(instance.runtimeProperties());
            recordSteps(instance, steps);
        }
    }

    /** The release prepare left for exactly this version, URL and checksum, if its directory is still there. */
    private static Optional<PreparedRelease> prepared(NodeInstanceContext instance, ReleaseStore store, Version target,
            ReleaseSource source) {
        return PreparedRelease.read(instance.runtimeProperties().read())
                .filter(p -> p.matches(target, source))
                .filter(p -> store.has(target));
    }

    /**
     * Removes a release prepared for another version than {@code target}: never served, it would
     * otherwise count as a kept release when old ones are pruned, and push out a real one.
     */
    private static void discardOtherPrepared(NodeInstanceContext instance, ReleaseStore store, AppState state,
            Version target) {
        Optional<PreparedRelease> other = PreparedRelease.read(instance.runtimeProperties().read())
                .filter(p -> !p.version().equals(target));
        if (other.isEmpty()) {
            return;
        }
        Version version = other.get().version();
        boolean kept = state.releases().stream().anyMatch(r -> r.version().equals(version));
        if (!kept && store.has(version) && !store.current().filter(version::equals).isPresent()) {
            store.remove(version);
            log.info("{}: removed release {}, prepared but not used", instance.instanceId(), version);
        }
        PreparedRelease.clear(instance.runtimeProperties());
    }

    /**
     * Refuses {@code action} before anything is stopped when the port is not as the recorded
     * state says: held by something while no app of ours runs, or by another process beside it.
     */
    private void requirePortOurs(NodeInstanceContext instance, WebAppSettings settings, AppState state, String action) {
        Optional<AppProcess> running = state.process().filter(AppProcess::isAlive);
        try {
            if (running.isPresent()) {
                portGuard.requireOurs(settings.address(), state.port(), running.get());
            } else {
                portGuard.requireFree(settings.address(), state.port());
            }
        } catch (AppStartError e) {
            throw new NonRecoverableError(action + " of app instance " + instance.instanceId()
                    + " was refused before anything was stopped: " + e.getMessage() + ". Nothing was changed: release "
                    + state.serving().version() + " is still the recorded release"
                    + running.map(p -> " (pid " + p.pid() + ")").orElse(" (its app is not running)") + ".");
        }
    }

    /**
     * Goes back to the previous kept release; each rollback walks one release further back. Its
     * timed steps go to the runtime property {@code last_steps}, also when it fails.
     */
    public void rollback(OperationContext ctx) {
        NodeInstanceContext instance = ctx.instance();
        WebAppSettings settings = settings(instance);
        AppState state = AppState.readConfigured(instance.runtimeProperties(), instance.instanceId());
        ReleaseRecord serving = state.serving();
        ReleaseRecord previous = state.previous().orElseThrow(() -> new NonRecoverableError(
                "cannot roll back app instance " + instance.instanceId() + ": release " + serving.version()
                        + " is the only one kept, there is no previous release (keep_releases is "
                        + settings.keepReleases() + "); nothing was changed"));
        requirePortOurs(instance, settings, state, "the rollback to " + previous.version());
        ReleaseStore store = store(Path.of(state.baseDir()), instance);
        if (!store.has(previous.version())) {
            throw new NonRecoverableError("cannot roll back to release " + previous.version() + ": its directory "
                    + store.releaseDir(previous.version()) + " is gone; release " + serving.version()
                    + " is still serving");
        }
        StepRecorder steps = new StepRecorder(clock, "rollback");
        try {
            AppState switched = replaceServing(instance, settings, store, state, serving, previous, "the rollback",
                    steps);
            List<ReleaseRecord> releases = new ArrayList<>(state.releases());
            releases.remove(releases.size() - 1);
            AppState done = switched.withReleases(releases);
            done.writeTo(instance.runtimeProperties());
            store.remove(serving.version());
            ctx.returns(result(true, done, "rolled back from " + serving.version() + " to " + previous.version()));
        } finally {
            recordSteps(instance, steps);
        }
    }

    /** Writes the steps so far; a failure to do so is logged, never allowed to hide the operation's own outcome. */
    private static void recordSteps(NodeInstanceContext instance, StepRecorder steps) {
        if (steps.isEmpty()) {
            return;
        }
        try {
            steps.writeTo(instance.runtimeProperties());
        } catch (RuntimeException e) {
            log.warn("could not record the steps of {} in runtime property '{}': {}", instance.instanceId(),
                    StepRecorder.KEY, e.toString());
        }
    }

    /**
     * Stops {@code from}, switches {@code current} to {@code to} and starts it. If {@code to}
     * does not become healthy, switches back to {@code from}, starts it again and throws.
     */
    private AppState replaceServing(NodeInstanceContext instance, WebAppSettings settings, ReleaseStore store,
            AppState state, ReleaseRecord from, ReleaseRecord to, String action, StepRecorder steps) {
        AppState stopped = steps.time(StepRecorder.STOP, from.version(), () -> stopRecorded(instance, settings, state));
        store.switchTo(to.version());
        try {
            return launchHealthy(instance, settings, stopped, to, steps);
        } catch (AppStartError failure) {
            log.warn("{} to {} failed, switching back to {}: {}", action, to.version(), from.version(),
                    failure.getMessage());
            // Interrupted (Ctrl-C): the switch back must still wait for the old release to get healthy.
            boolean interrupted = Thread.interrupted();
            store.switchTo(from.version());
            try {
                launchHealthy(instance, settings, stopped, from, steps);
            } catch (AppStartError second) {
                throw new NonRecoverableError(action + " to " + to.version() + " failed: " + failure.getMessage()
                        + "\nSwitching back to " + from.version() + " failed too, so app instance "
                        + instance.instanceId() + " is NOT serving: " + second.getMessage());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!to.equals(from) && !state.releases().contains(to)) {
                store.remove(to.version());
            }
            throw new NonRecoverableError(action + " to " + to.version() + " failed: " + failure.getMessage()
                    + "\nRelease " + from.version() + " is serving again.");
        }
    }

    /** Starts {@code release}, records its process at once, waits for health; stops it again if it never gets there. */
    private AppState launchHealthy(NodeInstanceContext instance, WebAppSettings settings, AppState state,
            ReleaseRecord release, StepRecorder steps) {
        ReleaseStore store = store(Path.of(state.baseDir()), instance);
        Path dir = store.releaseDir(release.version());
        Path appLog = appLog(state, instance);
        List<String> command = settings.startCommand().resolve(new StartCommand.Placeholders(state.port(),
                settings.address(), release.version().toString(), dir.toString()));
        Map<String, String> env = AppEnvironment.of(agentEnvironment, settings.env(), state.port(),
                settings.address(), release.version().toString());
        AppProcess process = steps.time(StepRecorder.START, release.version(), () -> {
            portGuard.requireFree(settings.address(), state.port());
            return launcher.start(new LaunchSpec(command, dir, env, appLog));
        });
        AppState started = state.withProcess(Optional.of(process));
        started.writeTo(instance.runtimeProperties());
        try {
            steps.run(StepRecorder.HEALTH, release.version(), () -> {
                healthCheck.await(healthUrl(state, settings), process, settings.startTimeout(), appLog);
                portGuard.requireOurs(settings.address(), state.port(), process);
            });
            return started;
        } catch (AppStartError e) {
            steps.run(StepRecorder.STOP, release.version(), () -> terminator.stop(process, settings.stopTimeout()));
            state.withProcess(Optional.empty()).writeTo(instance.runtimeProperties());
            throw e;
        }
    }

    private AppState stopRecorded(NodeInstanceContext instance, WebAppSettings settings, AppState state) {
        state.process().ifPresent(p -> terminator.stop(p, settings.stopTimeout()));
        AppState stopped = state.withProcess(Optional.empty());
        stopped.writeTo(instance.runtimeProperties());
        return stopped;
    }

    private ReleaseRecord install(ReleaseStore store, WebAppSettings settings, Version version, ReleaseSource source) {
        ArchiveUnpacker unpacker = new ArchiveUnpacker(settings.unpackLimits());
        Path dir = installer.install(store, version, source, unpacker, settings.stripComponents());
        return new ReleaseRecord(version, source.redactedUrl(), dir.toString());
    }

    /** The serving release and the newest {@code keepPrevious} before it. */
    private static List<ReleaseRecord> keep(List<ReleaseRecord> releases, int keepPrevious) {
        int from = Math.max(0, releases.size() - 1 - keepPrevious);
        return List.copyOf(releases.subList(from, releases.size()));
    }

    private WebAppSettings settings(NodeInstanceContext instance) {
        return WebAppSettings.from(instance.properties(), defaultBaseDir);
    }

    private static ReleaseStore store(Path baseDir, NodeInstanceContext instance) {
        String id = instance.instanceId();
        if (!INSTANCE_ID.matcher(id).matches()) {
            throw new NonRecoverableError("instance id '" + id + "' cannot name a directory: expected letters, digits,"
                    + " '_', '.' and '-', not starting with '.' or '-'");
        }
        return new ReleaseStore(baseDir.resolve(id));
    }

    private static Path appLog(AppState state, NodeInstanceContext instance) {
        return store(Path.of(state.baseDir()), instance).instanceDir().resolve("app.log");
    }

    private static URI healthUrl(AppState state, WebAppSettings settings) {
        return URI.create(state.appUrl() + settings.healthPath());
    }

    private static int freePort(String address) {
        try {
            return FreePort.on(address);
        } catch (UncheckedIOException e) {
            throw new NonRecoverableError(e.getMessage());
        }
    }

    private static Map<String, Object> result(boolean changed, AppState state, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", changed);
        m.put("version", state.serving().version().toString());
        state.previous().ifPresent(p -> m.put("previous_version", p.version().toString()));
        m.put("app_url", state.appUrl());
        m.put("message", message);
        return m;
    }
}
