package io.webappupgrade.haproxy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A test-only Node.js app process on a loopback port (src/test/resources/testapp/server.js). */
final class TestApp implements AutoCloseable {

    private final int port;
    private final String version;
    private final Process process;

    private TestApp(int port, String version, Process process) {
        this.port = port;
        this.version = version;
        this.process = process;
    }

    static TestApp start(int port, String version, Path logDir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", script().toString(), String.valueOf(port), version)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("app-" + port + ".log").toFile()))
                .redirectErrorStream(true)
                .start();
        TestApp app = new TestApp(port, version, p);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return app;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        app.close();
        throw new IllegalStateException("test app on port " + port + " did not answer /health");
    }

    int port() {
        return port;
    }

    String version() {
        return version;
    }

    long pid() {
        return process.pid();
    }

    /** Stops at once (SIGKILL): requests in flight are cut, as with an app that does not shut down gracefully. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Graceful stop (SIGTERM, requests in flight finish), then a kill if it takes too long. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path script() {
        try {
            return Path.of(TestApp.class.getResource("/testapp/server.js").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
