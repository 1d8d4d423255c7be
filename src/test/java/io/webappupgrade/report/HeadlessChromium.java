package io.webappupgrade.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, with a fresh profile, listening for the DevTools protocol on
 * loopback only. {@link #close()} ends it and every process it started.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final int port;

    private HeadlessChromium(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The browser binary: $CHROMIUM, else chromium on the PATH; fails with what to install. */
    static Path executable() {
        String fromEnv = System.getenv("CHROMIUM");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(":")).flatMap(dir -> Stream.of("chromium", "chromium-browser")
                        .map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("Chromium is needed for the report's browser test:"
                        + " install the Debian package 'chromium' (apt-get install -y chromium) or set CHROMIUM"));
    }

    /** Starts the browser with its profile in {@code workDir} (which must be new and empty). */
    static HeadlessChromium start(Path workDir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        Path log = workDir.resolve("chromium.log");
        Process process = new ProcessBuilder(executable().toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1280,900", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HeadlessChromium browser = null;
        try {
            browser = new HeadlessChromium(process, log, awaitPort(process, profile.resolve("DevToolsActivePort"), log));
            return browser;
        } finally {
            if (browser == null) {
                stop(process);
            }
        }
    }

    /** Chromium writes the port it picked into its profile once it listens. */
    private static int awaitPort(Process process, Path portFile, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + " before it listened: "
                        + Files.readString(log));
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within " + START_TIMEOUT + ": "
                + Files.readString(log));
    }

    /** A DevTools session on the browser's first page. */
    DevToolsSession openPage() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Optional<String> page = Optional.empty();
        for (JsonNode target : JSON.readTree(list.body())) {
            if ("page".equals(target.path("type").asText())) {
                page = Optional.of(target.path("webSocketDebuggerUrl").asText());
                break;
            }
        }
        return DevToolsSession.connect(http, URI.create(page.orElseThrow(
                () -> new IllegalStateException("Chromium has no page to drive: " + list.body()))));
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Renderer and helper processes of this browser only, found by ancestry, not by name.
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
