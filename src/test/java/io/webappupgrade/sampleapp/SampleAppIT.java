package io.webappupgrade.sampleapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.webappupgrade.net.FreePort;
import io.webappupgrade.webapp.AppLauncher;
import io.webappupgrade.webapp.AppProcess;
import io.webappupgrade.webapp.AppTerminator;
import io.webappupgrade.webapp.ArchiveUnpacker;
import io.webappupgrade.webapp.LaunchSpec;
import io.webappupgrade.webapp.UnpackLimits;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample Node.js app, unpacked from a {@link SampleRelease} and run as a real process on loopback. */
class SampleAppIT {

    @TempDir
    Path tmp;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AppProcess app;
    int port;

    @AfterEach
    void cleanUp() {
        if (app != null) {
            app.handle().ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private void run(SampleRelease release) throws IOException {
        Path dir = tmp.resolve("release");
        new ArchiveUnpacker(new UnpackLimits(10_000_000, 100)).unpack(release.writeTarGz(tmp.resolve("r.tgz")), dir, 0);
        port = FreePort.onLoopback();
        app = new AppLauncher().start(new LaunchSpec(List.of("node", "server.js"), dir,
                Map.of("PATH", System.getenv("PATH"), "PORT", String.valueOf(port), "HOST", "127.0.0.1"),
                tmp.resolve("app.log")));
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> get("/") .statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithTheVersionOfItsReleaseAndIsHealthy() throws Exception {
        run(SampleRelease.of("4.2.0"));

        assertThat(get("/").body().trim()).isEqualTo("version=4.2.0");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> slow = get("/slow?ms=300");
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(slow.body()).contains("slept=300");
        assertThat(get("/slow?ms=-5").statusCode()).isEqualTo(400);
    }

    @Test
    void anUnhealthyReleaseKeepsListeningButFailsItsHealthCheck() throws Exception {
        run(SampleRelease.of("5.0.0").unhealthy());

        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(get("/").body().trim()).isEqualTo("version=5.0.0");
    }

    @Test
    void onSigtermItRefusesNewConnectionsFinishesInFlightRequestsAndExits() throws Exception {
        run(SampleRelease.of("6.0.0"));
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow?ms=2000"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // let the request reach the server

        CompletableFuture<AppTerminator.Outcome> stop = CompletableFuture.supplyAsync(
                () -> new AppTerminator().stop(app, Duration.ofSeconds(10)));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> get("/")).isInstanceOf(ConnectException.class));
        assertThat(inFlight.isDone()).as("the slow request is still being served").isFalse();
        HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).contains("version=6.0.0 slept=2000");
        assertThat(stop.get(15, TimeUnit.SECONDS)).isEqualTo(AppTerminator.Outcome.STOPPED);
        assertThat(app.isAlive()).isFalse();
        assertThat(Files.readString(tmp.resolve("app.log"))).contains("received SIGTERM")
                .contains("finishing 1 request(s) in flight").contains("all requests finished, exiting");
    }
}
