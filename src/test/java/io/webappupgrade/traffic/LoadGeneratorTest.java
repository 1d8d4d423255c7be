package io.webappupgrade.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.net.FreePort;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against the test app process on loopback. */
class LoadGeneratorTest {

    private Process app;
    private int port;

    @BeforeEach
    void startApp() throws Exception {
        port = FreePort.onLoopback();
        Path script = Path.of(LoadGeneratorTest.class.getResource("/testapp/server.js").toURI());
        app = new ProcessBuilder("node", script.toString(), String.valueOf(port), "3.1.4")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 200; i++) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("test app did not start");
    }

    @AfterEach
    void stopApp() throws Exception {
        app.destroy();
        if (!app.waitFor(10, TimeUnit.SECONDS)) {
            app.destroyForcibly().waitFor();
        }
    }

    @Test
    void keepsTheRateWhileSlowRequestsAreInFlightAndRecordsVersions() {
        LoadProfile profile = new LoadProfile(URI.create("http://127.0.0.1:" + port + "/"), 100, 0.1,
                Duration.ofMillis(800), Duration.ofSeconds(5));
        LoadReport report = new LoadGenerator(profile).runFor(Duration.ofSeconds(2));

        // 2 s at 100/s is 200 requests, whatever the 800 ms ones do to the answers' pace
        assertThat(report.sent()).isEqualTo(200);
        assertThat(report.failed()).isZero();
        assertThat(report.results()).filteredOn(r -> r.path().equals("/slow")).hasSize(20)
                .allSatisfy(r -> assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(790)));
        assertThat(report.results()).allSatisfy(r -> assertThat(r.version()).isEqualTo("3.1.4"));
        assertThat(report.versionsPerSecond().keySet()).containsExactly(0L, 1L);
        // request n starts at n / rate: the last one no later than 2 s (plus scheduling slack) after the first
        assertThat(Duration.between(report.results().get(0).start(), report.results().get(199).start()))
                .isBetween(Duration.ofMillis(1900), Duration.ofMillis(2300));
        assertThat(report.summary()).isEqualTo("sent 200, failed 0, versions {3.1.4=200}");
    }

    @Test
    void countsRefusedConnectionsAndErrorStatusesAsFailures() throws Exception {
        int closed = FreePort.onLoopback();
        LoadReport refused = new LoadGenerator(LoadProfile.steady(URI.create("http://127.0.0.1:" + closed + "/"), 50))
                .runFor(Duration.ofMillis(400));
        assertThat(refused.sent()).isEqualTo(20);
        assertThat(refused.failed()).isEqualTo(20);
        assertThat(refused.failures()).allSatisfy(r -> {
            assertThat(r.status()).isZero();
            assertThat(r.error()).contains("ConnectException");
        });
    }

    @Test
    void stopEndsARunBeforeItsLimit() throws Exception {
        LoadGenerator load = new LoadGenerator(LoadProfile.steady(URI.create("http://127.0.0.1:" + port + "/"), 100));
        load.start(Duration.ofSeconds(60));
        Thread.sleep(300);
        long t = System.nanoTime();
        LoadReport report = load.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(3));
        assertThat(report.sent()).isBetween(20, 40);
    }

    @Test
    void aBadProfileIsRefused() {
        assertThatThrownBy(() -> LoadProfile.steady(URI.create("ftp://127.0.0.1/"), 10))
                .hasMessageContaining("expected an http:// URL");
        assertThatThrownBy(() -> LoadProfile.steady(URI.create("http://127.0.0.1/"), 0))
                .hasMessage("requests per second is 0: expected 1 to 10000");
    }
}
