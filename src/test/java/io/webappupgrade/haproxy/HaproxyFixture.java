package io.webappupgrade.haproxy;

import io.webappupgrade.ctx.local.LocalNodeInstance;
import io.webappupgrade.ctx.local.LocalOperationContext;
import io.webappupgrade.json.JsonValues;
import io.webappupgrade.net.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real HAProxy on a loopback port, configured and started through {@link HaproxyOperations}
 * exactly as the agent would, plus the app processes a test starts. Closing it stops them all.
 */
final class HaproxyFixture implements AutoCloseable {

    final Path dir;
    final int frontendPort;
    final LocalNodeInstance haproxy;
    final HaproxyOperations operations = new HaproxyOperations(new JsonValues());
    private final List<TestApp> apps = new ArrayList<>();

    private HaproxyFixture(Path dir, int frontendPort, LocalNodeInstance haproxy) {
        this.dir = dir;
        this.frontendPort = frontendPort;
        this.haproxy = haproxy;
    }

    static HaproxyFixture start(Path dir) throws IOException {
        return start(dir, Map.of());
    }

    static HaproxyFixture start(Path dir, Map<String, Object> overrides) throws IOException {
        int port = FreePort.onLoopback();
        Map<String, Object> props = new HashMap<>();
        props.put("frontend_address", "127.0.0.1");
        props.put("frontend_port", port);
        props.put("work_dir", dir.toString());
        props.put("check_interval_ms", 200);
        props.put("check_rise", 1);
        props.put("check_fall", 2);
        props.put("drain_timeout", 20);
        props.put("up_timeout", 10);
        props.put("haproxy_binary", "/usr/sbin/haproxy");
        props.putAll(overrides);
        HaproxyFixture f = new HaproxyFixture(dir, port, new LocalNodeInstance("haproxy", "haproxy_1", props));
        try {
            f.operations.configure(f.nodeContext(Map.of()));
            f.operations.start(f.nodeContext(Map.of()));
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** Starts an app process and returns its instance as the relationship's source would see it. */
    LocalNodeInstance app(String instanceId, String version) throws IOException, InterruptedException {
        TestApp app = TestApp.start(FreePort.onLoopback(), version, dir);
        apps.add(app);
        LocalNodeInstance instance = new LocalNodeInstance("webapp", instanceId, Map.of());
        instance.runtimeProperties().put("ip", "127.0.0.1");
        instance.runtimeProperties().put("port", app.port());
        return instance;
    }

    TestApp process(LocalNodeInstance app) {
        int port = (Integer) app.runtimeProperties().read().asMap().get("port");
        return apps.stream().filter(a -> a.port() == port).findFirst().orElseThrow();
    }

    /** Stops the app of {@code instance} gracefully and starts {@code version} on the same port. */
    void upgrade(LocalNodeInstance instance, String version) throws IOException, InterruptedException {
        upgrade(instance, version, true, Duration.ZERO);
    }

    /**
     * As {@link #upgrade(LocalNodeInstance, String)}; {@code graceful} false kills the old process
     * outright, and the new one starts {@code downtime} later.
     */
    void upgrade(LocalNodeInstance instance, String version, boolean graceful, Duration downtime)
            throws IOException, InterruptedException {
        TestApp old = process(instance);
        if (graceful) {
            old.close();
        } else {
            old.kill();
        }
        Thread.sleep(downtime.toMillis());
        apps.remove(old);
        apps.add(TestApp.start(old.port(), version, dir));
    }

    LocalOperationContext establish(LocalNodeInstance app) {
        LocalOperationContext ctx = LocalOperationContext.forRelationship(app, haproxy, Map.of());
        operations.establish(ctx);
        return ctx;
    }

    LocalOperationContext unlink(LocalNodeInstance app, double drainSeconds) {
        LocalOperationContext ctx = LocalOperationContext.forRelationship(app, haproxy, Map.of("drain_timeout", drainSeconds));
        operations.unlink(ctx);
        return ctx;
    }

    LocalOperationContext nodeContext(Map<String, ?> inputs) {
        return LocalOperationContext.forNode(haproxy, inputs);
    }

    HaproxySettings settings() {
        return HaproxySettings.fromProperties(haproxy.properties());
    }

    RuntimeApiClient api() {
        return new RuntimeApiClient(settings().statsSocket());
    }

    DaemonHaproxy daemon() {
        return new DaemonHaproxy(settings(), api(), Duration.ofSeconds(30));
    }

    String config() throws IOException {
        return Files.readString(settings().configPath());
    }

    String frontendUrl() {
        return "http://127.0.0.1:" + frontendPort + "/";
    }

    @Override
    public void close() {
        apps.forEach(TestApp::close);
        apps.clear();
        operations.stop(nodeContext(Map.of()));
    }
}
