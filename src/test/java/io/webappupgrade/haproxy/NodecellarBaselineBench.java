package io.webappupgrade.haproxy;

import io.webappupgrade.ctx.local.LocalNodeInstance;
import io.webappupgrade.ctx.local.LocalOperationContext;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Failed requests of a rolling upgrade of 2 app instances under the same load (200 req/s, 5% of
 * 1 s requests), done two ways on the same machine:
 * <ul>
 *   <li>nodecellar (2016): each change re-renders haproxy.cfg from its template and starts a new
 *       HAProxy with {@code -sf <old pid>}; no drain, the app is stopped right after;</li>
 *   <li>ours: runtime API changes, drain until idle, persisted config, no reload.</li>
 * </ul>
 * Each runs with apps that stop gracefully (SIGTERM, requests in flight finish) and with apps
 * killed outright. Run: {@code java -cp target/test-classes:target/classes:<deps> io.webappupgrade.haproxy.NodecellarBaselineBench}.
 */
public final class NodecellarBaselineBench {

    private static final LoadProfileFactory LOAD = url -> new LoadProfile(URI.create(url), 200, 0.05,
            Duration.ofSeconds(1), Duration.ofSeconds(10));

    /**
     * How long an upgrade keeps the app down (fetch, unpack, start). It must be longer than
     * HAProxy's retries (3, about 1 s apart), or a retry would reach the new release on the same
     * port and hide the cut request.
     */
    private static final Duration UPGRADE_TIME = Duration.ofSeconds(5);

    private interface LoadProfileFactory {
        LoadProfile at(String url);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (boolean graceful : List.of(true, false)) {
                String stop = graceful ? "graceful app stop" : "app killed     ";
                LoadReport theirs = nodecellar(graceful);
                lines.add(String.format("round %d, %s | nodecellar (-sf reload, no drain): %s", round, stop, theirs.summary()));
                System.out.println(lines.get(lines.size() - 1));
                LoadReport ours = ours(graceful);
                lines.add(String.format("round %d, %s | ours (runtime API + drain):       %s", round, stop, ours.summary()));
                System.out.println(lines.get(lines.size() - 1));
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static LoadReport ours(boolean graceful) throws Exception {
        Path dir = Files.createTempDirectory("bench-ours");
        try (HaproxyFixture haproxy = HaproxyFixture.start(dir)) {
            List<LocalNodeInstance> apps = List.of(haproxy.app("webapp_a", "1.0.0"), haproxy.app("webapp_b", "1.0.0"));
            apps.forEach(haproxy::establish);
            try (LoadGenerator load = new LoadGenerator(LOAD.at(haproxy.frontendUrl()))) {
                load.start(Duration.ofSeconds(180));
                Thread.sleep(1500);
                for (LocalNodeInstance app : apps) {
                    haproxy.unlink(app, 30);
                    haproxy.upgrade(app, "2.0.0", graceful, UPGRADE_TIME);
                    haproxy.establish(app);
                    Thread.sleep(1500);
                }
                return load.stop();
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static LoadReport nodecellar(boolean graceful) throws Exception {
        Path dir = Files.createTempDirectory("bench-nodecellar");
        int frontend = FreePort.onLoopback();
        HaproxySettings settings = HaproxySettings.fromProperties(new io.webappupgrade.ctx.Properties("node property", Map.of(
                "frontend_address", "127.0.0.1", "frontend_port", frontend, "work_dir", dir.toString(),
                "check_interval_ms", 200, "check_rise", 1, "check_fall", 2)));
        List<TestApp> apps = new ArrayList<>(List.of(TestApp.start(FreePort.onLoopback(), "1.0.0", dir),
                TestApp.start(FreePort.onLoopback(), "1.0.0", dir)));
        Nodecellar lb = new Nodecellar(settings);
        try {
            List<BackendServer> servers = new ArrayList<>();
            for (int i = 0; i < apps.size(); i++) {
                servers.add(BackendServer.enabled("webapp_" + i, "127.0.0.1", apps.get(i).port()));
            }
            lb.apply(servers);
            try (LoadGenerator load = new LoadGenerator(LOAD.at("http://127.0.0.1:" + frontend + "/"))) {
                load.start(Duration.ofSeconds(180));
                Thread.sleep(1500);
                for (int i = 0; i < apps.size(); i++) {
                    BackendServer server = servers.get(i);
                    servers.remove(server);
                    lb.apply(servers);
                    TestApp old = apps.get(i);
                    if (graceful) {
                        old.close();
                    } else {
                        old.kill();
                    }
                    Thread.sleep(UPGRADE_TIME.toMillis());
                    apps.set(i, TestApp.start(old.port(), "2.0.0", dir));
                    servers.add(i, server);
                    lb.apply(servers);
                    Thread.sleep(1500);
                }
                return load.stop();
            }
        } finally {
            apps.forEach(TestApp::close);
            lb.stop();
            deleteTree(dir);
        }
    }

    /** What the 2016 nodecellar blueprint did on every establish/unlink: render, check, reload. */
    private static final class Nodecellar {
        private final HaproxySettings settings;
        private final ConfigInstaller installer;
        private final List<Long> pids = new ArrayList<>();

        Nodecellar(HaproxySettings settings) {
            this.settings = settings;
            this.installer = new ConfigInstaller(settings.configPath(), new ConfigValidator(settings.haproxyBinary()));
        }

        void apply(List<BackendServer> servers) throws IOException, InterruptedException {
            installer.install(template(servers));
            List<String> command = new ArrayList<>(List.of(settings.haproxyBinary(), "-D",
                    "-f", settings.configPath().toString(), "-p", settings.pidFile().toString()));
            if (Files.exists(settings.pidFile())) {
                command.add("-sf");
                command.addAll(Files.readAllLines(settings.pidFile()).stream().filter(l -> !l.isBlank()).toList());
            }
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                    .redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("haproxy did not start: " + Files.readString(settings.logFile()));
            }
            pids.addAll(Files.readAllLines(settings.pidFile()).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList());
        }

        /**
         * nodecellar's 2016 haproxy.cfg template, with its stats section dropped (HAProxy 2.6
         * refuses the address-on-listen-line form) and the stats socket this harness needs added.
         * Unlike ours it has no {@code option redispatch}, so a retry goes back to the same server.
         */
        private String template(List<BackendServer> servers) {
            StringBuilder cfg = new StringBuilder()
                    .append("global\n    maxconn 256\n")
                    .append("    stats socket ").append(settings.statsSocket()).append(" mode 600 level admin\n")
                    .append("defaults\n    mode http\n    timeout connect 5000ms\n")
                    .append("    timeout client 50000ms\n    timeout server 50000ms\n")
                    .append("frontend http-in\n    bind ").append(settings.frontendAddress()).append(':')
                    .append(settings.frontendPort()).append("\n    default_backend servers\n")
                    .append("backend servers\n");
            servers.forEach(s -> cfg.append("    server ").append(s.name()).append(' ').append(s.hostPort())
                    .append(" maxconn 32 check\n"));
            return cfg.toString();
        }

        void stop() {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pids.stream().anyMatch(pid -> ProcessHandle.of(pid).map(h -> !DaemonHaproxy.gone(h)).orElse(false))
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
