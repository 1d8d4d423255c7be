package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.local.LocalNodeInstance;
import io.webappupgrade.ctx.local.LocalOperationContext;
import io.webappupgrade.wait.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding and removing app instances in a real HAProxy, with real app processes, on 127.0.0.1. */
class HaproxyBackendIT {

    @TempDir
    Path dir;

    private HaproxyFixture haproxy;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startHaproxy() throws Exception {
        haproxy = HaproxyFixture.start(dir);
    }

    @AfterEach
    void stopAll() {
        haproxy.close();
    }

    @Test
    void unlinkWaitsForTheRequestInFlightThenRemovesTheServer() throws Exception {
        LocalNodeInstance app = haproxy.app("webapp_a", "1.0.0");
        haproxy.establish(app);
        assertThat(get("/").body()).contains("version=1.0.0");

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                request("/slow?ms=2000"), HttpResponse.BodyHandlers.ofString());
        awaitSessions("webapp_a", 1);
        long t = System.nanoTime();
        haproxy.unlink(app, 20);
        Duration unlinkTook = Duration.ofNanos(System.nanoTime() - t);

        assertThat(slow).isDone();
        assertThat(slow.get().statusCode()).isEqualTo(200);
        assertThat(slow.get().body()).contains("version=1.0.0");
        assertThat(unlinkTook).isGreaterThan(Duration.ofMillis(1000));
        assertThat(haproxy.api().server("webapp", "webapp_a")).isEmpty();
        assertThat(haproxy.config()).doesNotContain("webapp_a");
        assertThat(haproxy.haproxy.runtimeProperties().read().asMap().get("backends")).isEqualTo(Map.of());
    }

    @Test
    void aReAddedServerJoinsOnHaproxysFirstCheckWhichComesAtOnceNotAfterAnInterval() throws Exception {
        // Steady checks every 2 s with rise 2, as the node's defaults. The first check of an added
        // server is due 10 ms after it appears (downinter); before, it came 100 ms later at the
        // earliest. Read from HAProxy itself: from the server's first appearance to its first
        // passing check.
        try (HaproxyFixture slowChecks = HaproxyFixture.start(java.nio.file.Files.createDirectories(
                dir.resolve("slow-checks")), Map.of("check_interval_ms", 2_000, "check_rise", 2))) {
            LocalNodeInstance app = slowChecks.app("webapp_a", "1.0.0");
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                FirstCheckWatch watch = new FirstCheckWatch(slowChecks.api(), "webapp_a");
                Thread watcher = new Thread(watch);
                watcher.start();
                slowChecks.establish(app);
                watcher.join(10_000);
                best = Math.min(best, watch.firstCheckAfterMs());
                StatRow row = slowChecks.api().server("webapp", "webapp_a").orElseThrow();
                assertThat(row.checkPassed()).as("HAProxy's own check passed: " + row.checkStatus()).isTrue();
                assertThat(row.status()).startsWith("UP");
                slowChecks.unlink(app, 20);
            }
            assertThat(best).as("best of three: ms from the server's appearance to its first passing check")
                    .isLessThan(80L);
        }
    }

    /** Watches HAProxy every 2 ms for a server's appearance and its first passing check. */
    private static final class FirstCheckWatch implements Runnable {
        private final RuntimeApiClient api;
        private final String server;
        private volatile long appeared;
        private volatile long passed;

        FirstCheckWatch(RuntimeApiClient api, String server) {
            this.api = api;
            this.server = server;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                java.util.Optional<StatRow> row = api.server("webapp", server);
                long now = System.nanoTime();
                if (row.isPresent() && appeared == 0) {
                    appeared = now;
                }
                if (row.isPresent() && row.get().checkPassed()) {
                    passed = now;
                    return;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long firstCheckAfterMs() {
            return passed == 0 || appeared == 0 ? Long.MAX_VALUE : (passed - appeared) / 1_000_000;
        }
    }

    @Test
    void aDrainThatTimesOutIsCancelledAndTheServerServesAgain() throws Exception {
        LocalNodeInstance app = haproxy.app("webapp_a", "1.0.0");
        haproxy.establish(app);
        CompletableFuture<HttpResponse<String>> stuck = http.sendAsync(
                request("/slow?ms=4000"), HttpResponse.BodyHandlers.ofString());
        awaitSessions("webapp_a", 1);

        assertThatThrownBy(() -> haproxy.unlink(app, 0.5))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("server webapp_a of backend webapp still has 1 session(s)")
                .hasMessageContaining("the drain was cancelled: the server is READY again and keeps serving")
                .hasMessageContaining("shutdown sessions server webapp/webapp_a");

        assertThat(haproxy.api().server("webapp", "webapp_a")).get()
                .satisfies(row -> assertThat(row.status()).startsWith("UP"));
        assertThat(haproxy.config()).contains("server webapp_a 127.0.0.1:").doesNotContain("disabled");
        assertThat(get("/").body()).contains("version=1.0.0");
        assertThat(stuck.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        LocalOperationContext again = haproxy.unlink(app, 10);
        assertThat(again.returned().orElseThrow()).asString().contains("change=removed");
        assertThat(haproxy.api().server("webapp", "webapp_a")).isEmpty();
    }

    @Test
    void anInterruptedDrainIsCancelledAndTheInterruptIsKept() throws Exception {
        LocalNodeInstance app = haproxy.app("webapp_a", "1.0.0");
        haproxy.establish(app);
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                request("/slow?ms=3000"), HttpResponse.BodyHandlers.ofString());
        awaitSessions("webapp_a", 1);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
        Thread unlinking = new Thread(() -> {
            try {
                haproxy.unlink(app, 30);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
            flagAfter.complete(Thread.currentThread().isInterrupted());
        });
        unlinking.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!haproxy.api().server("webapp", "webapp_a").orElseThrow().status().startsWith("DRAIN")
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        unlinking.interrupt();

        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("the drain of server webapp_a of backend webapp was interrupted")
                .hasMessageContaining("the server is READY again");
        assertThat(flagAfter.get(5, TimeUnit.SECONDS)).as("interrupt flag kept").isTrue();
        assertThat(haproxy.api().server("webapp", "webapp_a")).get()
                .satisfies(row -> assertThat(row.status()).startsWith("UP"));
        assertThat(haproxy.config()).doesNotContain("disabled");
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(get("/").body()).contains("version=1.0.0");
    }

    @Test
    void listServersRecordsEachServersStateInTheRuntimeProperties() throws Exception {
        LocalNodeInstance a = haproxy.app("webapp_a", "1.0.0");
        LocalNodeInstance b = haproxy.app("webapp_b", "1.0.0");
        haproxy.establish(a);
        haproxy.establish(b);
        haproxy.api().execute("disable health webapp/webapp_b");
        haproxy.api().execute("set server webapp/webapp_b health down");
        haproxy.api().execute("set server webapp/webapp_a state drain");

        LocalOperationContext ctx = haproxy.nodeContext(Map.of());
        new HaproxyOperations(new io.webappupgrade.json.JsonValues()).listServers(ctx);

        Object servers = haproxy.haproxy.runtimeProperties().read().asMap().get("servers");
        assertThat(servers).isInstanceOf(List.class);
        assertThat((List<?>) servers).hasSize(2);
        assertThat(servers).asString()
                .contains("name=webapp_a").contains("admin_state=DRAIN")
                .contains("name=webapp_b").contains("operational=DOWN");
        assertThat(ctx.returned().orElseThrow()).asString().contains("backend=webapp").contains("webapp_b");
    }

    @Test
    void establishTwiceAndUnlinkOfAnAbsentServerAreIdempotent() throws Exception {
        LocalNodeInstance app = haproxy.app("webapp_a", "1.0.0");
        assertThat(haproxy.establish(app).returned().orElseThrow()).asString().contains("change=added");
        String configAfterFirst = haproxy.config();

        assertThat(haproxy.establish(app).returned().orElseThrow()).asString()
                .contains("change=already_present").contains("nothing to do");
        assertThat(haproxy.config()).isEqualTo(configAfterFirst);
        assertThat(haproxy.api().showStat("webapp")).hasSize(1);

        assertThat(haproxy.unlink(app, 5).returned().orElseThrow()).asString().contains("change=removed");
        assertThat(haproxy.unlink(app, 5).returned().orElseThrow()).asString()
                .contains("change=already_absent").contains("nothing to do");
        assertThat(haproxy.api().showStat("webapp")).isEmpty();
    }

    @Test
    void aServerNameAlreadyUsedAtAnotherAddressIsRefusedAndNothingChanges() throws Exception {
        LocalNodeInstance app = haproxy.app("webapp_a", "1.0.0");
        haproxy.establish(app);
        String config = haproxy.config();
        LocalNodeInstance moved = new LocalNodeInstance("webapp", "webapp_a", Map.of());
        moved.runtimeProperties().put("ip", "127.0.0.1");
        moved.runtimeProperties().put("port", 1);

        assertThatThrownBy(() -> haproxy.establish(moved))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("webapp_a is already in backend webapp at 127.0.0.1:" + haproxy.process(app).port())
                .hasMessageContaining("Nothing was changed");
        assertThat(haproxy.config()).isEqualTo(config);
    }

    @Test
    void aHostNameInsteadOfAnIpIsRefusedNamingTheInput() throws Exception {
        String config = haproxy.config();
        assertThatThrownBy(() -> haproxy.operations.addBackend(haproxy.nodeContext(
                Map.of("instance_id", "webapp_x", "address", "localhost", "port", 8080))))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("address of app instance 'webapp_x' is 'localhost'")
                .hasMessageContaining("expected an IPv4 or IPv6 address");
        assertThat(haproxy.config()).isEqualTo(config);
        assertThat(haproxy.api().showStat("webapp")).isEmpty();
    }

    @Test
    void addBackendAndRemoveBackendNodeOperationsMakeTheSameChanges() throws Exception {
        LocalNodeInstance app = haproxy.app("webapp_a", "1.0.0");
        int port = haproxy.process(app).port();
        haproxy.operations.addBackend(haproxy.nodeContext(
                Map.of("instance_id", "webapp_a", "address", "127.0.0.1", "port", String.valueOf(port))));
        assertThat(get("/").body()).contains("version=1.0.0");
        assertThat(haproxy.haproxy.runtimeProperties().read().asMap().get("backends")).isEqualTo(
                Map.of("webapp_a", Map.of("address", "127.0.0.1", "port", port, "enabled", true)));

        // 0 could not wait for one session: refused before anything changes
        assertThatThrownBy(() -> haproxy.operations.removeBackend(
                haproxy.nodeContext(Map.of("instance_id", "webapp_a", "drain_timeout", "0"))))
                .hasMessageContaining("operation input 'drain_timeout' is 0.0: expected a number of seconds greater than 0");
        assertThat(get("/").body()).contains("version=1.0.0");

        haproxy.operations.removeBackend(haproxy.nodeContext(Map.of("instance_id", "webapp_a", "drain_timeout", "5")));
        assertThat(haproxy.api().showStat("webapp")).isEmpty();
        assertThat(get("/").statusCode()).isEqualTo(503);
    }

    @Test
    void concurrentChangesFromSeparateClientsAreAllKept() throws Exception {
        List<LocalNodeInstance> apps = List.of(
                haproxy.app("webapp_a", "1.0.0"), haproxy.app("webapp_b", "1.0.0"),
                haproxy.app("webapp_c", "1.0.0"), haproxy.app("webapp_d", "1.0.0"));
        haproxy.establish(apps.get(0));
        haproxy.establish(apps.get(1));

        // each thread has its own operations object, as separate agent processes would
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = pool.submit(() -> {
                HaproxyOperations ops = new HaproxyOperations(new io.webappupgrade.json.JsonValues());
                ops.unlink(LocalOperationContext.forRelationship(apps.get(0), haproxy.haproxy, Map.of("drain_timeout", 5)));
                ops.establish(LocalOperationContext.forRelationship(apps.get(2), haproxy.haproxy, Map.of()));
                return null;
            });
            Future<?> two = pool.submit(() -> {
                HaproxyOperations ops = new HaproxyOperations(new io.webappupgrade.json.JsonValues());
                ops.establish(LocalOperationContext.forRelationship(apps.get(3), haproxy.haproxy, Map.of()));
                ops.unlink(LocalOperationContext.forRelationship(apps.get(1), haproxy.haproxy, Map.of("drain_timeout", 5)));
                return null;
            });
            one.get(60, TimeUnit.SECONDS);
            two.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(haproxy.api().showStat("webapp")).extracting(StatRow::name)
                .containsExactlyInAnyOrder("webapp_c", "webapp_d");
        assertThat(haproxy.config()).contains("server webapp_c ", "server webapp_d ")
                .doesNotContain("webapp_a", "webapp_b");
    }

    private void awaitSessions(String server, long atLeast) {
        Poll.upTo(Duration.ofSeconds(5), Duration.ofMillis(50)).orFail(
                () -> haproxy.api().server("webapp", server).map(StatRow::currentSessions).orElse(0L) >= atLeast,
                () -> "no session on " + server);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(haproxy.frontendUrl()).resolve(path)).timeout(Duration.ofSeconds(15)).build();
    }
}
