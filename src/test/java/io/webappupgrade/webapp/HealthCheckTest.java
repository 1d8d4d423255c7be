package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckTest {

    @TempDir
    Path tmp;
    HttpServer server;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger neverCalls = new AtomicInteger();
    final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1)).build();
    final HealthCheck check = new HealthCheck(http, Duration.ofMillis(50));
    final TestProcesses processes = new TestProcesses();
    AppProcess alive;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> {
            byte[] body = "warming up".getBytes();
            ex.sendResponseHeaders(calls.incrementAndGet() < 3 ? 503 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/never", ex -> {
            neverCalls.incrementAndGet();
            byte[] body = "database down".getBytes();
            ex.sendResponseHeaders(500, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        // Stands for the app's process: the check only needs something alive to watch.
        alive = processes.track(new AppLauncher().start(new LaunchSpec(List.of("sleep", "60"), tmp,
                Map.of("PATH", System.getenv("PATH")), tmp.resolve("app.log"))));
    }

    @AfterEach
    void tearDown() {
        processes.close();
        server.stop(0);
        http.dispatcher().executorService().shutdown();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void buildsItsClientOnceAndOnlyWhenItFirstLooks() {
        AtomicInteger built = new AtomicInteger();
        HealthCheck lazy = new HealthCheck(() -> {
            built.incrementAndGet();
            return http;
        }, Duration.ofMillis(50));
        assertThat(built).as("built before any look").hasValue(0);

        lazy.await(uri("/health"), alive, Duration.ofSeconds(10), tmp.resolve("app.log"));
        lazy.await(uri("/health"), alive, Duration.ofSeconds(10), tmp.resolve("app.log"));

        assertThat(calls.get()).isEqualTo(4);
        assertThat(built).hasValue(1);
    }

    @Test
    void waitsThroughFailuresUntil2xx() {
        check.await(uri("/health"), alive, Duration.ofSeconds(10), tmp.resolve("app.log"));

        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void looksOftenAtFirstSoAnAppThatIsSoonHealthyIsSeenAtOnce() {
        HealthCheck patient = new HealthCheck(http, Duration.ofSeconds(1));
        long start = System.nanoTime();

        patient.await(uri("/health"), alive, Duration.ofSeconds(10), tmp.resolve("app.log"));

        // healthy at the third request: pauses of 10 and 20 ms, not two of the longest 1 s
        assertThat(calls.get()).isEqualTo(3);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(900L);
    }

    @Test
    void looksEvery10MsWhileNothingListensSoAnAppIsSeenAsSoonAsItListens() throws Exception {
        int port;
        try (java.net.ServerSocket reserve = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = reserve.getLocalPort();
        }
        HttpServer late = HttpServer.create();
        late.createContext("/health", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        HealthCheck patient = new HealthCheck(http, Duration.ofSeconds(1));
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(700);
                late.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                late.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        starter.start();
        try {
            patient.await(URI.create("http://127.0.0.1:" + port + "/health"), alive, Duration.ofSeconds(10),
                    tmp.resolve("app.log"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // pauses growing towards the 1 s interval would first look again at 1270 ms
            assertThat(tookMs).isBetween(700L, 1000L);
        } finally {
            starter.join();
            late.stop(0);
        }
    }

    @Test
    void whileNothingListensItOnlyKnocksAndMakesNoHttpCallButSaysTheConnectionWasRefused() throws IOException {
        int port;
        try (java.net.ServerSocket reserve = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = reserve.getLocalPort();
        }
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        HealthCheck knocking = new HealthCheck(http.newBuilder().addInterceptor(chain -> {
            calls.incrementAndGet();
            return chain.proceed(chain.request());
        }).build(), Duration.ofMillis(100));

        assertThatThrownBy(() -> knocking.await(URI.create("http://127.0.0.1:" + port + "/health"), alive,
                Duration.ofMillis(300), tmp.resolve("app.log")))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("last seen: ConnectException");
        assertThat(calls.get()).as("HTTP calls while nothing listened").isZero();
    }

    @Test
    void backsOffOnceTheAppAnswersSoAnAppWarmingUpIsNotHammered() {
        HealthCheck patient = new HealthCheck(http, Duration.ofMillis(200));

        assertThatThrownBy(() -> patient.await(uri("/never"), alive, Duration.ofMillis(1500), tmp.resolve("app.log")))
                .isInstanceOf(AppStartError.class);

        // 10, 20, 40, 80, 160 ms, then every 200 ms: about a dozen requests, not 150 at 10 ms
        assertThat(neverCalls.get()).isBetween(5, 16);
    }

    @Test
    void givesUpAfterTheTimeoutSayingWhatItLastSawAndQuotingTheLog() throws IOException {
        Files.writeString(tmp.resolve("app.log"), "ERROR cannot reach the database\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> check.await(uri("/never"), alive, Duration.ofMillis(500), tmp.resolve("app.log")))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("did not become healthy at " + uri("/never") + " within 0.5 s")
                .hasMessageContaining("last seen: HTTP 500 'database down'")
                .hasMessageContaining("ERROR cannot reach the database");
    }

    @Test
    void failsAtOnceWhenTheProcessIsGone() {
        AppProcess gone = new AppProcess(alive.pid(), alive.startedAt().minusSeconds(60));

        assertThatThrownBy(() -> check.await(uri("/never"), gone, Duration.ofSeconds(30), tmp.resolve("app.log")))
                .isInstanceOf(AppStartError.class)
                .hasMessageContaining("exited before it became healthy");
    }
}
