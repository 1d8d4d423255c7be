package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.RecoverableError;
import io.webappupgrade.net.FreePort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseFetcherTest {

    private static final byte[] ARCHIVE = "pretend this is a tarball".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "s3cretPassw0rd";
    private static final String TOKEN = "tok-9f8e7d6c5b";

    @TempDir
    Path tmp;
    HttpServer server;
    String base;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(5)).build();
    final ReleaseFetcher fetcher = new ReleaseFetcher(http);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/release.tgz", ex -> {
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.sendResponseHeaders(200, ARCHIVE.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ARCHIVE);
            }
        });
        server.createContext("/chunked.tgz", ex -> {
            ex.sendResponseHeaders(200, 0); // no length: the size limit must hold as bytes arrive
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(new byte[1024]);
                }
            }
        });
        server.createContext("/trickle.tgz", ex -> {
            // One byte every 300 ms: every read succeeds long before a per-read timeout.
            ex.sendResponseHeaders(200, 40);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 40; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up: what the deadline is for
            }
        });
        server.createContext("/busy.tgz", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private ReleaseSource source(String url, String sha, long max) {
        return new ReleaseSource(url, Optional.ofNullable(sha), max);
    }

    @Test
    void fetchesOverHttpAndAcceptsAnUpperCaseChecksum() throws Exception {
        Path target = tmp.resolve("a.tgz");

        FetchedArchive fetched = fetcher.fetch(source(base + "/release.tgz", sha256(ARCHIVE).toUpperCase(Locale.ROOT),
                1024), target);

        assertThat(target).hasBinaryContent(ARCHIVE);
        assertThat(fetched.sha256()).isEqualTo(sha256(ARCHIVE));
        assertThat(fetched.bytes()).isEqualTo(ARCHIVE.length);
    }

    @Test
    void refusesAChecksumMismatchNamingExpectedAndActual() throws Exception {
        String wrong = "ab".repeat(32);
        Path target = tmp.resolve("a.tgz");

        assertThatThrownBy(() -> fetcher.fetch(source(base + "/release.tgz", wrong, 1024), target))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("sha256 mismatch")
                .hasMessageContaining("expected " + wrong)
                .hasMessageContaining("actual " + sha256(ARCHIVE));
        assertOnlyFilesIn(tmp);
    }

    @Test
    void refusesAChecksumThatIsNotOne() {
        assertThatThrownBy(() -> source(base + "/release.tgz", "12345", 1024))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("sha256 '12345'")
                .hasMessageContaining("64 hexadecimal digits");
    }

    @Test
    void sendsUrlCredentialsAsBasicAuthAndNeverShowsThem() {
        String url = "http://deploy:" + SECRET + "@127.0.0.1:" + server.getAddress().getPort() + "/release.tgz";

        fetcher.fetch(source(url, null, 1024), tmp.resolve("a.tgz"));

        assertThat(authorizations).containsExactly(okhttp3.Credentials.basic("deploy", SECRET));
    }

    @Test
    void a404IsNonRecoverableAndItsMessageHidesCredentialsAndTokens() {
        String url = "http://deploy:" + SECRET + "@127.0.0.1:" + server.getAddress().getPort()
                + "/missing.tgz?X-Amz-Signature=" + TOKEN;

        assertThatThrownBy(() -> fetcher.fetch(source(url, null, 1024), tmp.resolve("a.tgz")))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("http://***@127.0.0.1:")
                .hasMessageContaining("X-Amz-Signature=***")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aServerErrorIsRecoverable() {
        assertThatThrownBy(() -> fetcher.fetch(source(base + "/busy.tgz", null, 1024), tmp.resolve("a.tgz")))
                .isInstanceOf(RecoverableError.class)
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void aNetworkErrorIsRecoverableAndHidesCredentials() throws IOException {
        int closedPort = FreePort.onLoopback();
        String url = "http://deploy:" + SECRET + "@127.0.0.1:" + closedPort + "/release.tgz?token=" + TOKEN;

        assertThatThrownBy(() -> fetcher.fetch(source(url, null, 1024), tmp.resolve("a.tgz")))
                .isInstanceOf(RecoverableError.class)
                .hasMessageContaining("could not download")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(TOKEN)
                .hasNoCause();
    }

    @Test
    void refusesAnArchiveOverTheLimitByItsLength() {
        assertThatThrownBy(() -> fetcher.fetch(source(base + "/release.tgz", null, 10), tmp.resolve("a.tgz")))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("larger than the limit of 10 bytes");
        assertOnlyFilesIn(tmp);
    }

    @Test
    void refusesAnArchiveOverTheLimitWhenTheServerSendsNoLength() {
        assertThatThrownBy(() -> fetcher.fetch(source(base + "/chunked.tgz", null, 10_000), tmp.resolve("a.tgz")))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("larger than the limit of 10000 bytes");
        assertOnlyFilesIn(tmp);
    }

    @Test
    void fetchesFileUrlsAndPlainPaths() throws Exception {
        Path release = Files.write(tmp.resolve("release.tgz"), ARCHIVE);

        fetcher.fetch(source(release.toUri().toString(), sha256(ARCHIVE), 1024), tmp.resolve("from-url"));
        fetcher.fetch(source(release.toString(), null, 1024), tmp.resolve("from-path"));

        assertThat(tmp.resolve("from-url")).hasBinaryContent(ARCHIVE);
        assertThat(tmp.resolve("from-path")).hasBinaryContent(ARCHIVE);
    }

    @Test
    void aLocalReleaseNeedsNoHttpClientSoNoTlsIsSetUp() throws Exception {
        Path release = Files.write(tmp.resolve("release.tgz"), ARCHIVE);
        ReleaseFetcher local = new ReleaseFetcher(() -> {
            throw new AssertionError("an HTTP client was built for a file:// release");
        });

        local.fetch(source(release.toUri().toString(), sha256(ARCHIVE), 1024), tmp.resolve("from-url"));

        assertThat(tmp.resolve("from-url")).hasBinaryContent(ARCHIVE);
    }

    @Test
    void refusesLocalFilesThatAreMissingOrTooLarge() throws IOException {
        Path release = Files.write(tmp.resolve("release.tgz"), ARCHIVE);

        assertThatThrownBy(() -> fetcher.fetch(source(tmp.resolve("nope.tgz").toString(), null, 1024),
                tmp.resolve("a")))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> fetcher.fetch(source(release.toString(), null, 5), tmp.resolve("a")))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("larger than the limit of 5 bytes");
        assertThat(tmp.resolve("a")).doesNotExist();
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> fetcher.fetch(source("ftp://user:" + SECRET + "@host/r.tgz", null, 5),
                tmp.resolve("a")))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("unsupported scheme")
                .hasMessageContaining("http://, https://, file://")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aTricklingDownloadIsStoppedByItsDeadlineNamingTheUrlAndLeavesNoPartialFile() {
        String url = "http://deploy:" + SECRET + "@127.0.0.1:" + server.getAddress().getPort() + "/trickle.tgz";
        ReleaseSource slow = new ReleaseSource(url, Optional.empty(), 1024, Duration.ofSeconds(1));
        long started = System.nanoTime();

        assertThatThrownBy(() -> fetcher.fetch(slow, tmp.resolve("a.tgz")))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("did not finish within its deadline of 1 s (fetch_timeout)")
                .hasMessageContaining("http://***@127.0.0.1:" + server.getAddress().getPort() + "/trickle.tgz")
                .hasMessageNotContaining(SECRET);

        // The server would take 12 s; the per-read timeout (5 s) alone would never fire.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertOnlyFilesIn(tmp);
        assertThat(tmp.resolve("a.tgz" + ReleaseFetcher.PARTIAL_SUFFIX)).doesNotExist();
    }

    @Test
    void theDeadlineAlsoCoversAServerThatNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ReleaseSource source = new ReleaseSource("http://127.0.0.1:" + silent.getLocalPort() + "/r.tgz",
                    Optional.empty(), 1024, Duration.ofMillis(800));

            assertThatThrownBy(() -> fetcher.fetch(source, tmp.resolve("a.tgz")))
                    .isInstanceOf(NonRecoverableError.class)
                    .hasMessageContaining("did not finish within its deadline of 0.8 s");
        }
        assertOnlyFilesIn(tmp);
    }

    @Test
    void anInterruptedDownloadStopsAndLeavesNoPartialFile() throws IOException {
        Path release = Files.write(tmp.resolve("release.tgz"), ARCHIVE);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> fetcher.fetch(source(release.toString(), null, 1024), tmp.resolve("a.tgz")))
                    .isInstanceOf(RecoverableError.class)
                    .hasMessageContaining("the download was interrupted");
        } finally {
            Thread.interrupted();
        }
        assertOnlyFilesIn(tmp);
    }

    @Test
    void aDeadlineMustBePositive() {
        assertThatThrownBy(() -> new ReleaseSource(base + "/release.tgz", Optional.empty(), 1024, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline must be positive");
    }

    /** Only the inputs the test made itself: no target, no partial download. */
    private static void assertOnlyFilesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().startsWith("a.tgz"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
