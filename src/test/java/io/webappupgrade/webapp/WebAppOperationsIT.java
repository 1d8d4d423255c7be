package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.local.LocalNodeInstance;
import io.webappupgrade.ctx.local.LocalOperationContext;
import io.webappupgrade.sampleapp.SampleRelease;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application node's operations end to end: real node processes of the sample app on
 * loopback, release archives served over HTTP by this test or read from a path, the in-memory
 * operation context.
 */
class WebAppOperationsIT {

    private static final String USER = "deploy";
    private static final String PASSWORD = "Op3n-Sesame-42";

    @TempDir
    Path tmp;
    Path served;
    Path baseDir;
    HttpServer server;
    final OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).build();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<LocalNodeInstance> instances = new ArrayList<>();
    WebAppOperations operations;

    @BeforeEach
    void setUp() throws IOException {
        served = Files.createDirectories(tmp.resolve("served"));
        baseDir = Files.createDirectories(tmp.resolve("base"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            Path file = served.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            boolean authorized = Credentials.basic(USER, PASSWORD).equals(ex.getRequestHeaders().getFirst("Authorization"));
            if (!authorized) {
                ex.sendResponseHeaders(401, -1);
            } else if (!file.startsWith(served) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] bytes = Files.readAllBytes(file);
                ex.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
            ex.close();
        });
        server.start();
        OkHttpClient probe = http.newBuilder().readTimeout(Duration.ofSeconds(1)).callTimeout(Duration.ofSeconds(2))
                .retryOnConnectionFailure(false).build();
        operations = new WebAppOperations(new ReleaseInstaller(new ReleaseFetcher(http)),
                new HealthCheck(probe, Duration.ofMillis(100)), new AppLauncher(), new AppTerminator(),
                new PortGuard(PortListeners.system()), System.getenv(), tmp.resolve("default-base"), Clock.systemUTC());
        SampleRelease.of("0.9.0").writeTarGz(served.resolve("app-0.9.0.tgz"));
        SampleRelease.of("1.0.0").writeTarGz(served.resolve("app-1.0.0.tgz"));
        SampleRelease.of("2.0.0").writeTarGz(served.resolve("app-2.0.0.tgz"));
        SampleRelease.of("2.1.0").underDirectory("app").writeTarGz(served.resolve("app-2.1.0-nested.tgz"));
        SampleRelease.of("2.5.0").writeTarGz(served.resolve("app-2.5.0.tgz"));
        SampleRelease.of("3.0.0").unhealthy().writeTarGz(served.resolve("app-3.0.0-unhealthy.tgz"));
        byte[] whole = Files.readAllBytes(served.resolve("app-2.5.0.tgz"));
        Files.write(served.resolve("app-2.5.0-cut.tgz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    }

    /** Processes a test started itself, or that an app left behind: stopped at the end whatever happens. */
    final List<ProcessHandle> strays = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (ProcessHandle stray : strays) {
            stray.destroyForcibly();
            stray.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        try (TestProcesses leftovers = new TestProcesses()) {
            for (LocalNodeInstance instance : instances) {
                AppState.readProcess(instance.runtimeProperties().read()).ifPresent(leftovers::track);
            }
        } finally {
            server.stop(0);
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The URL of a served archive, with the credentials the server wants. */
    private String url(String name) {
        return "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private LocalNodeInstance instance(String id, String version, String applicationUrl, Map<String, Object> extra) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("version", version);
        props.put("application_url", applicationUrl);
        props.put("base_dir", baseDir.toString());
        props.put("start_timeout", 10);
        props.put("stop_timeout", 5);
        props.putAll(extra);
        LocalNodeInstance instance = new LocalNodeInstance("app", id, props);
        instances.add(instance);
        return instance;
    }

    private Map<String, Object> run(LocalNodeInstance instance, String operation, Map<String, ?> inputs) {
        LocalOperationContext ctx = LocalOperationContext.forNode(instance, inputs);
        switch (operation) {
            case "configure" -> operations.configure(ctx);
            case "start" -> operations.start(ctx);
            case "stop" -> operations.stop(ctx);
            case "delete" -> operations.delete(ctx);
            case "prepare" -> operations.prepare(ctx);
            case "upgrade" -> operations.upgrade(ctx);
            case "rollback" -> operations.rollback(ctx);
            default -> throw new IllegalArgumentException(operation);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> returned = (Map<String, Object>) ctx.returned().orElseThrow();
        return returned;
    }

    private LocalNodeInstance installed(String id, String version, String applicationUrl, Map<String, Object> extra) {
        LocalNodeInstance instance = instance(id, version, applicationUrl, extra);
        run(instance, "configure", Map.of());
        run(instance, "start", Map.of());
        return instance;
    }

    private Map<String, Object> upgrade(LocalNodeInstance instance, String version, String archive) {
        return run(instance, "upgrade", Map.of("version", version, "url", url(archive)));
    }

    private String get(LocalNodeInstance instance, String path) throws Exception {
        String appUrl = runtime(instance).get("app_url").toString();
        return client.send(HttpRequest.newBuilder(URI.create(appUrl + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    private static Map<String, Object> runtime(LocalNodeInstance instance) {
        return instance.runtimeProperties().snapshot();
    }

    /** The versions in the runtime property 'releases', in order. */
    private static List<String> keptVersions(LocalNodeInstance instance) {
        List<String> versions = new ArrayList<>();
        for (Object r : (List<?>) runtime(instance).get("releases")) {
            versions.add(String.valueOf(((Map<?, ?>) r).get("version")));
        }
        return versions;
    }

    /** The runtime property 'last_steps' as "step version ok" lines, after checking its shape and times. */
    private static List<String> lastSteps(LocalNodeInstance instance, String operation, Instant from, Instant to) {
        Map<?, ?> last = (Map<?, ?>) runtime(instance).get("last_steps");
        assertThat(last).as("last_steps").isNotNull();
        assertThat(last.get("operation")).isEqualTo(operation);
        List<String> lines = new ArrayList<>();
        Instant previousEnd = from;
        for (Object o : (List<?>) last.get("steps")) {
            Map<?, ?> step = (Map<?, ?>) o;
            Instant started = Instant.parse(step.get("started_at").toString());
            Instant ended = Instant.parse(step.get("ended_at").toString());
            assertThat(started).as("steps follow each other within the operation: %s", step)
                    .isAfterOrEqualTo(previousEnd);
            assertThat(ended).isAfterOrEqualTo(started).isBeforeOrEqualTo(to);
            previousEnd = ended;
            lines.add(step.get("step") + " " + step.get("version") + " " + step.get("ok"));
        }
        return lines;
    }

    private static long pid(LocalNodeInstance instance) {
        return ((Number) runtime(instance).get("pid")).longValue();
    }

    private Path releaseDir(LocalNodeInstance instance, String version) {
        return baseDir.resolve(instance.instanceId()).resolve("releases").resolve(version);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void twoInstancesServeV1AndOneIsUpgradedToV2() throws Exception {
        LocalNodeInstance overHttp = installed("app_http1", "1.0.0", url("app-1.0.0.tgz"),
                Map.of("sha256", sha256(served.resolve("app-1.0.0.tgz")).toUpperCase()));
        LocalNodeInstance fromPath = installed("app_path1", "1.0.0", served.resolve("app-1.0.0.tgz").toString(),
                Map.of());
        assertThat(get(overHttp, "/")).isEqualTo("version=1.0.0");
        assertThat(get(fromPath, "/")).isEqualTo("version=1.0.0");
        long oldPid = pid(overHttp);
        Object port = runtime(overHttp).get("port");

        Instant before = Instant.now();
        Map<String, Object> returned = upgrade(overHttp, "2.0.0", "app-2.0.0.tgz");
        Instant after = Instant.now();

        assertThat(returned).containsEntry("changed", true).containsEntry("version", "2.0.0")
                .containsEntry("previous_version", "1.0.0");
        assertThat(get(overHttp, "/")).isEqualTo("version=2.0.0");
        assertThat(get(fromPath, "/")).isEqualTo("version=1.0.0");
        Map<String, Object> rp = runtime(overHttp);
        assertThat(rp).containsEntry("app_version", "2.0.0").containsEntry("app_prev_version", "1.0.0")
                .containsEntry("port", port).containsEntry("ip", "127.0.0.1")
                .containsEntry("app_url", "http://127.0.0.1:" + port)
                .containsEntry("release_dir", releaseDir(overHttp, "2.0.0").toString())
                .containsEntry("base_dir", baseDir.toString());
        assertThat(keptVersions(overHttp)).containsExactly("1.0.0", "2.0.0");
        assertThat(rp.toString()).as("no credentials recorded").doesNotContain(PASSWORD)
                .contains("http://***@127.0.0.1:" + server.getAddress().getPort() + "/app-2.0.0.tgz");
        assertThat(pid(overHttp)).isNotEqualTo(oldPid);
        assertThat(ProcessHandle.of(oldPid).filter(ProcessLiveness::isRunning)).isEmpty();
        assertThat(releaseDir(overHttp, "1.0.0").resolve("VERSION")).hasContent("1.0.0");
        assertThat(Files.readSymbolicLink(baseDir.resolve("app_http1/current"))).hasToString("releases/2.0.0");
        assertThat(lastSteps(overHttp, "upgrade", before, after)).containsExactly(
                "install 2.0.0 true", "stop 1.0.0 true", "start 2.0.0 true", "health 2.0.0 true");
        assertThat(runtime(fromPath)).doesNotContainKey("last_steps");
    }

    @Test
    void anUpgradeToAnOlderOrEqualVersionDoesNothing() throws Exception {
        LocalNodeInstance app = installed("app_noop", "1.0.0", url("app-1.0.0.tgz"), Map.of());
        long pid = pid(app);

        Map<String, Object> same = upgrade(app, "1.0", "app-1.0.0.tgz");
        Map<String, Object> older = upgrade(app, "0.9.0", "app-0.9.0.tgz");

        assertThat(same).containsEntry("changed", false).containsEntry("version", "1.0.0");
        assertThat(same.get("message").toString()).contains("release 1.0 is not newer than the serving release 1.0.0");
        assertThat(older).containsEntry("changed", false);
        assertThat(older.get("message").toString()).contains("not newer").contains("nothing to do");
        assertThat(pid(app)).isEqualTo(pid);
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        assertThat(releaseDir(app, "0.9.0")).doesNotExist();
    }

    @Test
    void anUpgradeToAnUnhealthyReleaseFailsAndTheOldReleaseServesAgain() throws Exception {
        LocalNodeInstance app = installed("app_bad", "1.0.0", url("app-1.0.0.tgz"), Map.of("start_timeout", 2));

        Instant before = Instant.now();
        assertThatThrownBy(() -> upgrade(app, "3.0.0", "app-3.0.0-unhealthy.tgz"))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("the upgrade to 3.0.0 failed")
                .hasMessageContaining("did not become healthy")
                .hasMessageContaining("HTTP 503 'unhealthy version=3.0.0'")
                .hasMessageContaining("(UNHEALTHY)")
                .hasMessageContaining("Release 1.0.0 is serving again");
        Instant after = Instant.now();

        assertThat(lastSteps(app, "upgrade", before, after)).containsExactly(
                "install 3.0.0 true", "stop 1.0.0 true", "start 3.0.0 true", "health 3.0.0 false",
                "stop 3.0.0 true", "start 1.0.0 true", "health 1.0.0 true");

        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        assertThat(runtime(app)).containsEntry("app_version", "1.0.0").doesNotContainKey("app_prev_version");
        assertThat(releaseDir(app, "3.0.0")).doesNotExist();
        assertThat(Files.readSymbolicLink(baseDir.resolve("app_bad/current"))).hasToString("releases/1.0.0");
    }

    @Test
    void rollbackWalksBackThroughKeptReleasesAndSaysWhenThereIsNoneLeft() throws Exception {
        LocalNodeInstance app = installed("app_rb", "1.0.0", url("app-1.0.0.tgz"), Map.of());
        upgrade(app, "2.0.0", "app-2.0.0.tgz");
        upgrade(app, "2.5.0", "app-2.5.0.tgz");

        Instant before = Instant.now();
        Map<String, Object> first = run(app, "rollback", Map.of());
        assertThat(lastSteps(app, "rollback", before, Instant.now())).containsExactly(
                "stop 2.5.0 true", "start 2.0.0 true", "health 2.0.0 true");
        assertThat(first).containsEntry("version", "2.0.0").containsEntry("previous_version", "1.0.0");
        assertThat(get(app, "/")).isEqualTo("version=2.0.0");
        assertThat(releaseDir(app, "2.5.0")).doesNotExist();

        run(app, "rollback", Map.of());
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        assertThat(runtime(app)).containsEntry("app_version", "1.0.0").doesNotContainKey("app_prev_version");

        long pid = pid(app);
        assertThatThrownBy(() -> run(app, "rollback", Map.of()))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("cannot roll back app instance app_rb")
                .hasMessageContaining("there is no previous release")
                .hasMessageContaining("nothing was changed");
        assertThat(pid(app)).isEqualTo(pid);
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
    }

    @Test
    void keepsOnlyTheConfiguredNumberOfPreviousReleasesAndStripsComponents() throws Exception {
        LocalNodeInstance app = installed("app_keep", "1.0.0", url("app-1.0.0.tgz"), Map.of("keep_releases", 1));
        upgrade(app, "2.0.0", "app-2.0.0.tgz");
        // The next release comes as a tarball with a top directory: same instance, strip_components now 1.
        Map<String, Object> props = new LinkedHashMap<>(app.properties().asMap());
        props.put("strip_components", 1);
        LocalNodeInstance nested = new LocalNodeInstance("app", "app_keep", props, app.runtimeProperties());

        run(nested, "upgrade", Map.of("version", "2.1.0", "url", url("app-2.1.0-nested.tgz")));

        assertThat(get(nested, "/")).isEqualTo("version=2.1.0");
        try (Stream<Path> dirs = Files.list(baseDir.resolve("app_keep/releases"))) {
            assertThat(dirs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("2.0.0", "2.1.0");
        }
        assertThat(keptVersions(nested)).containsExactly("2.0.0", "2.1.0");
    }

    @Test
    void stopLeavesNoProcessAndDeleteRemovesTheInstanceDirectory() throws Exception {
        LocalNodeInstance app = installed("app_stop", "1.0.0", served.resolve("app-1.0.0.tgz").toString(), Map.of());
        long pid = pid(app);
        String appUrl = runtime(app).get("app_url").toString();

        Map<String, Object> stopped = run(app, "stop", Map.of());
        Map<String, Object> again = run(app, "stop", Map.of());

        assertThat(stopped.get("message").toString()).contains("pid " + pid + ") stopped");
        assertThat(again.get("message").toString()).contains("not running");
        assertThat(ProcessHandle.of(pid).filter(ProcessLiveness::isRunning)).isEmpty();
        assertThat(runtime(app)).doesNotContainKeys("pid", "pid_started_at");
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(appUrl + "/")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);

        run(app, "start", Map.of());
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        long restarted = pid(app);
        run(app, "delete", Map.of());

        assertThat(baseDir.resolve("app_stop")).doesNotExist();
        assertThat(ProcessHandle.of(restarted).filter(ProcessLiveness::isRunning)).isEmpty();
        assertThat(runtime(app)).isEmpty();
    }

    @Test
    void anAppThatExitsAtOnceFailsStartFastWithTheEndOfItsLog() {
        LocalNodeInstance app = instance("app_crash", "1.0.0", url("app-1.0.0.tgz"), Map.of("start_timeout", 60,
                "start_command", List.of("node", "-e",
                        "console.error('fatal: DATABASE_URL is not set'); process.exit(3)")));
        run(app, "configure", Map.of());

        long before = System.nanoTime();
        assertThatThrownBy(() -> run(app, "start", Map.of()))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("fatal: DATABASE_URL is not set");
        // Far below start_timeout (60 s): it did not wait for a process that was gone.
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
        assertThat(runtime(app)).doesNotContainKey("pid");
    }

    @Test
    void badInputIsRefusedByNameAndChangesNothing() throws Exception {
        LocalNodeInstance app = installed("app_input", "1.0.0", url("app-1.0.0.tgz"), Map.of());
        Map<String, Object> before = runtime(app);

        assertThatThrownBy(() -> run(app, "upgrade", Map.of("version", "two", "url", url("app-2.0.0.tgz"))))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("input 'version': 'two' is not a version");
        assertThatThrownBy(() -> run(app, "upgrade", Map.of("version", "2.0.0")))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("input 'url' is required");
        assertThatThrownBy(() -> run(app, "upgrade", Map.of("version", "2.0.0", "url", url("missing.tgz"))))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("HTTP 404")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> run(app, "upgrade", Map.of("version", "2.0.0", "url", url("app-2.0.0.tgz"),
                "sha256", "0".repeat(64))))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("sha256 mismatch");

        // Only the record of the attempt is new: the install that was refused, nothing else.
        Map<String, Object> after = new LinkedHashMap<>(runtime(app));
        assertThat(lastSteps(app, "upgrade", Instant.EPOCH, Instant.now())).containsExactly("install 2.0.0 false");
        after.remove("last_steps");
        assertThat(after).isEqualTo(before);
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        assertThat(releaseDir(app, "2.0.0")).doesNotExist();
    }

    /** Starts the sample app's {@code node server.js} of {@code release} on {@code port}, as no operation would. */
    private ProcessHandle orphan(Path release, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "server.js").directory(release.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("APP_VERSION", "orphan");
        ProcessHandle process = builder.start().toHandle();
        strays.add(process);
        awaitListener(port);
        return process;
    }

    /** The processes listening on the port, once there is one (at most 10 s). */
    private static List<PortHolder> awaitListener(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<PortHolder> holders = PortListeners.system().holders(InetAddress.getByName("127.0.0.1"), port);
            if (!holders.isEmpty()) {
                return holders;
            }
            assertThat(System.nanoTime() - deadline).as("something listens on port %d", port).isNegative();
            Thread.sleep(50);
        }
    }

    /** Stops whatever listens on the port (a process an app's start command left), remembering it for teardown. */
    private void stopListeners(int port) {
        for (PortHolder holder : PortListeners.system().holders(InetAddress.getLoopbackAddress(), port)) {
            holder.pid().stream().mapToObj(ProcessHandle::of).flatMap(java.util.Optional::stream).forEach(p -> {
                strays.add(p);
                p.destroyForcibly();
                p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        }
    }

    private static int port(LocalNodeInstance instance) {
        return ((Number) runtime(instance).get("port")).intValue();
    }

    @Test
    void anOrphanOnThePortIsNamedAndNeitherStartNorUpgradeTrustsIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PortListeners.system().available(), "needs Linux /proc");
        LocalNodeInstance app = installed("app_orphan", "1.0.0", url("app-1.0.0.tgz"), Map.of());
        int port = port(app);
        // The app dies uncleanly; a stale copy of it (say, from an earlier install) answers on its port.
        ProcessHandle.of(pid(app)).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        ProcessHandle stale = orphan(releaseDir(app, "1.0.0"), port);
        assertThat(get(app, "/health")).as("the orphan answers the health URL").contains("ok");
        Map<String, Object> before = runtime(app);

        assertThatThrownBy(() -> run(app, "start", Map.of()))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("release 1.0.0 of app instance app_orphan did not start")
                .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use by pid " + stale.pid()
                        + " (node server.js)");
        assertThatThrownBy(() -> upgrade(app, "2.0.0", "app-2.0.0.tgz"))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("the upgrade to 2.0.0 of app instance app_orphan was refused before anything"
                        + " was stopped: port " + port + " on 127.0.0.1 is already in use by pid " + stale.pid())
                .hasMessageContaining("Nothing was changed: release 1.0.0 is still the recorded release");
        // Fetching needs no port: the release can be prepared while the port is sorted out.
        run(app, "prepare", Map.of("version", "2.0.0", "url", url("app-2.0.0.tgz")));

        assertThat(stale.isAlive()).as("the orphan was not touched").isTrue();
        assertThat(runtime(app)).containsEntry("app_version", "1.0.0").containsEntry("pid", before.get("pid"));
        assertThat(Files.readSymbolicLink(baseDir.resolve("app_orphan/current"))).hasToString("releases/1.0.0");

        stale.destroyForcibly();
        stale.onExit().join();
        run(app, "start", Map.of());
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        // The release prepared while the orphan held the port is used now: no second download.
        upgrade(app, "2.0.0", "app-2.0.0.tgz");
        assertThat(get(app, "/")).isEqualTo("version=2.0.0");
        assertThat(lastSteps(app, "upgrade", Instant.EPOCH, Instant.now())).containsExactly(
                "stop 1.0.0 true", "start 2.0.0 true", "health 2.0.0 true");
    }

    @Test
    void twoInstancesGivenTheSameFixedPortTheSecondIsRefusedNamingTheFirst() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PortListeners.system().available(), "needs Linux /proc");
        int port = io.webappupgrade.net.FreePort.onLoopback();
        LocalNodeInstance first = installed("app_same1", "1.0.0", url("app-1.0.0.tgz"), Map.of("port", port));
        LocalNodeInstance second = instance("app_same2", "2.0.0", url("app-2.0.0.tgz"), Map.of("port", port));
        run(second, "configure", Map.of());

        assertThatThrownBy(() -> run(second, "start", Map.of()))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use by pid " + pid(first))
                .hasMessageContaining("give the node another 'port'");

        assertThat(runtime(second)).doesNotContainKey("pid");
        assertThat(get(first, "/")).isEqualTo("version=1.0.0");
    }

    @Test
    void aStartCommandThatLeavesAnotherProcessListeningIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PortListeners.system().available(), "needs Linux /proc");
        // The started process stays, but the listener is a grandchild it disowned: not ours to vouch for.
        LocalNodeInstance disowning = instance("app_disown", "1.0.0", url("app-1.0.0.tgz"), Map.of(
                "start_command", List.of("sh", "-c", "(node server.js &); exec sleep 60")));
        run(disowning, "configure", Map.of());
        int port = port(disowning);
        try {
            assertThatThrownBy(() -> run(disowning, "start", Map.of()))
                    .isInstanceOf(AppStartError.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is held by pid ")
                    .hasMessageContaining("(node server.js), not by the app that was started (pid ");
            assertThat(runtime(disowning)).doesNotContainKey("pid");
        } finally {
            stopListeners(port);
        }

        // The started process exits at once and leaves its child serving: refused as well.
        LocalNodeInstance leaving = instance("app_leave", "1.0.0", url("app-1.0.0.tgz"), Map.of(
                "start_command", List.of("sh", "-c", "node server.js & exit 0")));
        run(leaving, "configure", Map.of());
        int leavingPort = port(leaving);
        try {
            assertThatThrownBy(() -> run(leaving, "start", Map.of()))
                    .isInstanceOf(AppStartError.class)
                    .hasMessageContaining("exited");
            assertThat(runtime(leaving)).doesNotContainKey("pid");
            // Its child did come up: the next start must not take it for the app.
            awaitListener(leavingPort);
            assertThatThrownBy(() -> run(leaving, "start", Map.of()))
                    .isInstanceOf(AppStartError.class)
                    .hasMessageContaining("port " + leavingPort + " on 127.0.0.1 is already in use by pid ");
        } finally {
            stopListeners(leavingPort);
        }
    }

    @Test
    void prepareUnpacksBesideTheServingReleaseAndUpgradeUsesItWithoutFetchingAgain() throws Exception {
        LocalNodeInstance app = installed("app_prep", "1.0.0", url("app-1.0.0.tgz"), Map.of());
        long pid = pid(app);
        // An earlier agent killed mid-download left its partial file.
        Path stale = Files.writeString(Files.createDirectories(baseDir.resolve("app_prep/downloads"))
                .resolve("release-2.0.0.archive.part"), "half");
        Path staleUnpack = Files.createDirectories(baseDir.resolve("app_prep/releases/.2.0.0.unpack-1234/bin"));

        Map<String, Object> prepared = run(app, "prepare", Map.of("version", "2.0.0", "url", url("app-2.0.0.tgz")));

        assertThat(prepared).containsEntry("changed", true).containsEntry("version", "1.0.0");
        assertThat(prepared.get("message").toString()).contains("release 2.0.0 fetched, checked and unpacked in")
                .contains("release 1.0.0 keeps serving");
        assertThat(pid(app)).isEqualTo(pid);
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        assertThat(releaseDir(app, "2.0.0").resolve("VERSION")).hasContent("2.0.0");
        assertThat(stale).doesNotExist();
        assertThat(staleUnpack.getParent()).doesNotExist();
        assertThat(runtime(app).get("prepared_release").toString()).contains("2.0.0").doesNotContain(PASSWORD);
        assertThat(run(app, "prepare", Map.of("version", "2.0.0", "url", url("app-2.0.0.tgz"))))
                .containsEntry("changed", false);

        // Gone from the server now: the upgrade must not need it.
        Files.delete(served.resolve("app-2.0.0.tgz"));
        Map<String, Object> upgraded = upgrade(app, "2.0.0", "app-2.0.0.tgz");

        assertThat(upgraded.get("message").toString()).contains("upgraded from 1.0.0 to 2.0.0 (release prepared beforehand)");
        assertThat(get(app, "/")).isEqualTo("version=2.0.0");
        assertThat(lastSteps(app, "upgrade", Instant.EPOCH, Instant.now())).containsExactly(
                "stop 1.0.0 true", "start 2.0.0 true", "health 2.0.0 true");
        assertThat(runtime(app)).doesNotContainKey("prepared_release");
    }

    @Test
    void anUpgradeWithAnotherUrlOrChecksumThanThePreparedOneFetchesAgain() throws Exception {
        LocalNodeInstance app = installed("app_prep2", "1.0.0", url("app-1.0.0.tgz"), Map.of());
        run(app, "prepare", Map.of("version", "2.5.0", "url", url("app-2.5.0.tgz")));

        run(app, "upgrade", Map.of("version", "2.5.0", "url", url("app-2.5.0.tgz"),
                "sha256", sha256(served.resolve("app-2.5.0.tgz"))));

        assertThat(lastSteps(app, "upgrade", Instant.EPOCH, Instant.now())).first().isEqualTo("install 2.5.0 true");
        assertThat(get(app, "/")).isEqualTo("version=2.5.0");
    }

    @Test
    void aReleasePreparedButNotUsedIsRemovedAndNeverPushesOutAKeptOne() throws Exception {
        LocalNodeInstance app = installed("app_prep3", "1.0.0", url("app-1.0.0.tgz"), Map.of("keep_releases", 1));
        run(app, "prepare", Map.of("version", "2.0.0", "url", url("app-2.0.0.tgz")));

        upgrade(app, "2.5.0", "app-2.5.0.tgz");

        assertThat(releaseDir(app, "2.0.0")).doesNotExist();
        assertThat(releaseDir(app, "1.0.0")).exists();
        run(app, "rollback", Map.of());
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
    }

    @Test
    void aBadReleaseIsFoundByPrepareWhileTheAppKeepsServing() throws Exception {
        LocalNodeInstance app = installed("app_prep404", "1.0.0", url("app-1.0.0.tgz"), Map.of());
        long pid = pid(app);
        Map<String, Object> before = runtime(app);

        assertThatThrownBy(() -> run(app, "prepare", Map.of("version", "2.0.0", "url", url("missing.tgz"))))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("HTTP 404")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> run(app, "prepare", Map.of("version", "2.5.0", "url", url("app-2.5.0-cut.tgz"))))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageStartingWith("truncated or corrupt archive: release archive http://***@127.0.0.1:"
                        + server.getAddress().getPort() + "/app-2.5.0-cut.tgz")
                .hasMessageNotContaining(PASSWORD);
        assertThat(run(app, "prepare", Map.of("version", "0.9.0", "url", url("app-0.9.0.tgz"))))
                .containsEntry("changed", false);

        assertThat(pid(app)).isEqualTo(pid);
        assertThat(runtime(app)).isEqualTo(before);
        assertThat(get(app, "/")).isEqualTo("version=1.0.0");
        assertThat(releaseDir(app, "2.0.0")).doesNotExist();
        assertThat(releaseDir(app, "2.5.0")).doesNotExist();
        try (Stream<Path> left = Files.list(baseDir.resolve("app_prep404/downloads"))) {
            assertThat(left).as("no partial download left").isEmpty();
        }
    }

    @Test
    void anUnconfiguredInstanceCannotStart() {
        LocalNodeInstance app = instance("app_new", "1.0.0", url("app-1.0.0.tgz"), Map.of());

        assertThatThrownBy(() -> run(app, "start", Map.of()))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("has not been configured");
    }
}
