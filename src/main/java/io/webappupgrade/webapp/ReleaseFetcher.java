package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.RecoverableError;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a release archive from {@code http(s)://}, {@code file://} or a local path to a file,
 * refusing archives over the size limit and verifying the SHA-256 when one is given.
 *
 * <p>Failures that may pass (the network, a server error) are {@link RecoverableError}s; a
 * missing archive, a wrong checksum or an archive that is too large are {@link NonRecoverableError}s.
 * The URL's credentials never appear in a message: user info in the URL is sent as HTTP Basic
 * authentication and every message shows the URL {@linkplain UrlRedactor redacted}.
 */
public final class ReleaseFetcher {

    private static final Logger log = LoggerFactory.getLogger(ReleaseFetcher.class);
    private static final int BUFFER = 64 * 1024;
    /** The suffix of a download in progress; one left by a killed agent is removed by the next install. */
    static final String PARTIAL_SUFFIX = ".part";

    private final Supplier<OkHttpClient> http;

    public ReleaseFetcher(OkHttpClient http) {
        Objects.requireNonNull(http, "http");
        this.http = () -> http;
    }

    /**
     * @param http asked for a client only when an http(s) URL is fetched: building one sets up
     *             TLS (the trust store read and parsed), which a file:// release never needs
     */
    public ReleaseFetcher(Supplier<OkHttpClient> http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * Fetches {@code source} to {@code target}, which is replaced only once the whole archive has
     * arrived and passed its checks; on failure nothing is left at {@code target}, and no partial
     * file beside it. The whole fetch must end within {@link ReleaseSource#deadline()}: a server
     * that trickles bytes passes every per-read timeout, so only an overall deadline stops it.
     */
    public FetchedArchive fetch(ReleaseSource source, Path target) {
        Path partial = partialOf(target);
        long deadline = System.nanoTime() + source.deadline().toNanos();
        try {
            String lower = source.url().toLowerCase(Locale.ROOT);
            FetchedArchive fetched;
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                fetched = fetchHttp(source, partial, deadline);
            } else {
                fetched = copyLocal(source, localPath(source), partial, deadline);
            }
            verify(source, fetched);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("fetched {} ({} bytes, sha256 {})", source.redactedUrl(), fetched.bytes(), fetched.sha256());
            return new FetchedArchive(target, fetched.sha256(), fetched.bytes());
        } catch (IOException e) {
            throw new RecoverableError("could not store the release archive from " + source.redactedUrl() + ": "
                    + UrlRedactor.scrub(String.valueOf(e.getMessage()), source.url()), null, null);
        } finally {
            deleteQuietly(partial);
        }
    }

    /** Where {@link #fetch} writes while the archive arrives. */
    static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
    }

    private Path localPath(ReleaseSource source) {
        String url = source.url();
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                return Path.of(new URI(url));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new NonRecoverableError("release URL '" + source.redactedUrl()
                        + "' is not a usable file URL: expected file:///absolute/path");
            }
        }
        if (url.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new NonRecoverableError("release URL '" + source.redactedUrl()
                    + "' has an unsupported scheme: expected http://, https://, file:// or a local path");
        }
        return Path.of(url);
    }

    private FetchedArchive copyLocal(ReleaseSource source, Path file, Path partial, long deadline) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NonRecoverableError("release archive " + source.redactedUrl() + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new NonRecoverableError("release archive " + source.redactedUrl() + " is not a regular file");
        }
        refuseIfTooLarge(source, size);
        try (InputStream in = Files.newInputStream(file)) {
            return copy(source, in, partial, deadline);
        }
    }

    private FetchedArchive fetchHttp(ReleaseSource source, Path partial, long deadline) throws IOException {
        HttpUrl url = HttpUrl.parse(source.url());
        if (url == null) {
            throw new NonRecoverableError("release URL '" + source.redactedUrl() + "' is not a valid http(s) URL");
        }
        Request.Builder request = new Request.Builder().get();
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            // OkHttp does not send URL user info by itself; send it as Basic auth and keep it out of the URL.
            request.header("Authorization", Credentials.basic(url.username(), url.password()));
            url = url.newBuilder().username("").password("").build();
        }
        request.url(url);
        Call call = http.get().newCall(request.build());
        // Spans connect, headers and the whole body: OkHttp cancels the call when it passes.
        call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            refuseIfPast(source, deadline);
            throw new RecoverableError("could not download the release archive from " + source.redactedUrl() + ": "
                    + describe(e, source), null, null);
        }
        try (response) {
            refuseBadStatus(source, response.code());
            ResponseBody body = response.body();
            if (body == null) {
                throw new RecoverableError("the server sent no body for " + source.redactedUrl());
            }
            if (body.contentLength() > 0) {
                refuseIfTooLarge(source, body.contentLength());
            }
            try (InputStream in = body.byteStream()) {
                return copy(source, in, partial, deadline);
            } catch (IOException e) {
                refuseIfPast(source, deadline);
                throw new RecoverableError("the download of " + source.redactedUrl() + " broke off: "
                        + describe(e, source), null, null);
            }
        }
    }

    private static void refuseBadStatus(ReleaseSource source, int code) {
        if (code >= 200 && code < 300) {
            return;
        }
        String what = "the server answered HTTP " + code + " for release archive " + source.redactedUrl();
        if (code == 404 || code == 410) {
            throw new NonRecoverableError(what + ": it does not exist there");
        }
        if (code == 408 || code == 429 || code >= 500) {
            throw new RecoverableError(what + ": this may pass, try again later");
        }
        if (code == 401 || code == 403) {
            throw new NonRecoverableError(what + ": access is denied (check the credentials or token of the URL)");
        }
        throw new NonRecoverableError(what);
    }

    private static FetchedArchive copy(ReleaseSource source, InputStream in, Path partial, long deadline)
            throws IOException {
        MessageDigest sha = sha256();
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(partial)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                // Checked as bytes arrive: a server may send no length or a false one.
                refuseIfTooLarge(source, total);
                refuseIfPast(source, deadline);
                if (Thread.currentThread().isInterrupted()) {
                    // A cancelled run stops here; the finally in fetch() removes what arrived.
                    throw new InterruptedIOException("the download was interrupted after " + total + " bytes");
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return new FetchedArchive(partial, HexFormat.of().formatHex(sha.digest()), total);
    }

    private static void verify(ReleaseSource source, FetchedArchive fetched) {
        source.sha256().ifPresent(expected -> {
            if (!expected.equals(fetched.sha256())) {
                throw new NonRecoverableError("sha256 mismatch for release archive " + source.redactedUrl()
                        + ": expected " + expected + ", actual " + fetched.sha256());
            }
        });
    }

    /** Not retried: a deadline the operator set is an answer, and a retry would hold the run as long again. */
    private static void refuseIfPast(ReleaseSource source, long deadline) {
        if (System.nanoTime() - deadline >= 0) {
            throw new NonRecoverableError("the download of release archive " + source.redactedUrl()
                    + " did not finish within its deadline of " + seconds(source.deadline())
                    + " (fetch_timeout): the server is too slow or stalled; nothing was kept");
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static void refuseIfTooLarge(ReleaseSource source, long bytes) {
        if (bytes > source.maxBytes()) {
            throw new NonRecoverableError("release archive " + source.redactedUrl() + " is larger than the limit of "
                    + source.maxBytes() + " bytes (" + source.maxBytes() / (1024 * 1024) + " MiB)");
        }
    }

    private static String describe(IOException e, ReleaseSource source) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return UrlRedactor.scrub(e.getClass().getSimpleName() + message, source.url());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
