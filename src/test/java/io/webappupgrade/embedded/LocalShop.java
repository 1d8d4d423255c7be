package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.deployment.local.TopologyYaml;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.ServerAdminState;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.AgentProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A local topology for end-to-end tests: a real HAProxy and {@code instances} sample apps on
 * loopback, in a test's folder, driven through the agent jar as a user runs it.
 */
final class LocalShop {

    final Path dir;
    final Path topology;
    final int frontendPort;
    final int instances;

    private LocalShop(Path dir, Path topology, int frontendPort, int instances) {
        this.dir = dir;
        this.topology = topology;
        this.frontendPort = frontendPort;
        this.instances = instances;
    }

    /** Writes the topology (not installed yet); release archives 1.0.0, 2.0.0 and 3.0.0 beside it. */
    static LocalShop write(Path dir, int instances, int frontendPort) {
        return write(dir, instances, frontendPort, Map.of());
    }

    /** As {@link #write(Path, int, int)}, with more properties for the web node (they win). */
    static LocalShop write(Path dir, int instances, int frontendPort, Map<String, ?> moreWebProperties) {
        try {
            Path releases = Files.createDirectories(dir.resolve("releases"));
            for (String v : List.of("1.0.0", "2.0.0", "3.0.0")) {
                SampleRelease.of(v).writeTarGz(releases.resolve("app-" + v + ".tar.gz"));
            }
            Path topology = dir.resolve("shop.yaml");
            TopologyYaml.named()
                    .haproxy("lb", Map.of("frontend_address", "127.0.0.1", "frontend_port", frontendPort,
                            "work_dir", dir.resolve("haproxy"), "check_interval_ms", 500))
                    .webapps("web", instances, webProperties(releases, dir, moreWebProperties), "lb")
                    .writeTo(topology);
            return new LocalShop(dir, topology, frontendPort, instances);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> webProperties(Path releases, Path dir, Map<String, ?> more) {
        Map<String, Object> properties = new TreeMap<>(Map.of("version", "1.0.0",
                "application_url", releases.resolve("app-1.0.0.tar.gz").toUri(),
                "base_dir", dir.resolve("apps"), "start_timeout", 10));
        properties.putAll(more);
        return properties;
    }

    static LocalShop install(Path dir, int instances) {
        LocalShop shop = write(dir, instances, FreePort.onLoopback());
        AgentProcess install = shop.run("install");
        assertThat(install.waitFor(Duration.ofMinutes(2))).as(install.output()).isZero();
        return shop;
    }

    URI release(String version) {
        return dir.resolve("releases/app-" + version + ".tar.gz").toUri();
    }

    URI frontend() {
        return URI.create("http://127.0.0.1:" + frontendPort + "/");
    }

    Path stateFile() {
        return dir.resolve("shop.state.json");
    }

    Path adminSocket() {
        return dir.resolve("haproxy/admin.sock");
    }

    /** {@code COMMAND --local shop.yaml EXTRA...}, started. */
    AgentProcess run(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--local", topology.toString()));
        args.addAll(List.of(extra));
        return AgentProcess.start(args.toArray(String[]::new));
    }

    /** The tests name the instance a run reaches first: batches go in the plan's order, whatever is in flight. */
    String[] rolloutArgs(String version) {
        return new String[] {"--version", version, "--url", release(version).toString(),
            "--reports-dir", dir.resolve("reports").toString(), "--drain-order", "planned"};
    }

    AgentProcess rollout(String version) {
        return run("rollout", rolloutArgs(version));
    }

    /** Each server of the backend and its status, as HAProxy says now. */
    Map<String, String> servers() {
        Map<String, String> out = new TreeMap<>();
        for (StatRow row : new RuntimeApiClient(adminSocket()).showStat("webapp")) {
            if (!row.name().equals("BACKEND")) {
                out.put(row.name(), row.status());
            }
        }
        return out;
    }

    /** Kills HAProxy's master and workers with SIGKILL, as a crash or the OOM killer would. */
    void killHaproxy() {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("haproxy/haproxy.pid")).strip().lines().findFirst().orElseThrow());
            ProcessHandle master = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("HAProxy " + pid + " is not running"));
            List<ProcessHandle> all = new ArrayList<>(master.descendants().toList());
            all.add(master);
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("could not kill HAProxy: " + e, e);
        }
    }

    /**
     * {@code count} long requests through HAProxy ({@code each} long), all on {@code server}: the
     * other servers are in maintenance while they are sent, then back and UP (out of maintenance,
     * HAProxy checks each once before it serves again).
     */
    List<CompletableFuture<HttpResponse<String>>> slowRequestsOn(String server, int count, Duration each) {
        RuntimeApiClient haproxy = new RuntimeApiClient(adminSocket());
        List<String> others = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            others.add("web_" + i);
        }
        others.remove(server);
        others.forEach(o -> haproxy.setServerState("webapp", o, ServerAdminState.MAINT));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                slow.add(http.sendAsync(HttpRequest.newBuilder(frontend().resolve("/slow?ms=" + each.toMillis()))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> haproxy.server("webapp", server)
                    .map(StatRow::currentSessions).orElse(0L) >= count);
        } finally {
            others.forEach(o -> haproxy.setServerState("webapp", o, ServerAdminState.READY));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> servers().values().stream().allMatch(st -> st.startsWith("UP")));
        return slow;
    }

    void uninstall() {
        AgentProcess uninstall = run("uninstall");
        assertThat(uninstall.waitFor(Duration.ofMinutes(2))).as(uninstall.output()).isZero();
    }
}
