package io.webappupgrade.webapp;

import io.webappupgrade.lazy.Lazy;
import io.webappupgrade.wait.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a started app to answer its health URL with a 2xx status, giving up when the time
 * is up or at once when the app's process has exited.
 */
public final class HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);
    private static final int BODY_SHOWN = 200;
    /** The first pause: an app that is quick to start is seen healthy within milliseconds of it. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    /** How long a start is looked at every 10 ms while nothing answers; then the pauses grow. */
    private static final Duration FAST_WINDOW = Duration.ofSeconds(10);
    private static final String HTTP = "HTTP ";
    /** An IPv4 address, or an IPv6 one in brackets as a URL writes it. */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+]");

    private final Supplier<OkHttpClient> http;
    private final Duration pollInterval;

    /**
     * @param http         used for the health requests; its timeouts bound each request
     * @param pollInterval the longest pause between two requests; pauses start at 10 ms (or
     *                     this, when shorter) and double up to it
     */
    public HealthCheck(OkHttpClient http, Duration pollInterval) {
        this(constant(Objects.requireNonNull(http, "http")), pollInterval);
    }

    /**
     * @param http         builds the client for the health requests on the first request, so a
     *                     process that only fetches and unpacks a release (prepare) never loads
     *                     it; its timeouts bound each request
     * @param pollInterval as above
     */
    public HealthCheck(Supplier<OkHttpClient> http, Duration pollInterval) {
        this.http = new Lazy<>(Objects.requireNonNull(http, "http"));
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    private static Supplier<OkHttpClient> constant(OkHttpClient http) {
        return () -> http;
    }

    /**
     * Returns once {@code url} answers 2xx.
     *
     * @throws AppStartError when {@code timeout} passes or the process exits first; the message
     *                       says what was last seen and quotes the end of {@code appLog}
     */
    public void await(URI url, AppProcess process, Duration timeout, Path appLog) {
        Attempts attempts = new Attempts();
        // Identified once by pid and start time: its handle then tells a reused pid apart itself.
        Optional<ProcessHandle> handle = process.handle();
        Supplier<Attempt> look = () -> {
            boolean alive = handle.filter(ProcessLiveness::isRunning).isPresent();
            return attempts.next(alive, alive ? probe(url) : null);
        };
        long deadline = System.nanoTime() + timeout.toNanos();
        // While nothing listens, a look is a refused loopback connection: it costs microseconds and
        // bothers no one, so look every 10 ms and see a started app within 10 ms of it listening.
        // Once the app answers (not healthy yet), back off, so an app warming up is not hammered.
        Poll.Waited<Attempt> waited = Poll.upTo(timeout.compareTo(FAST_WINDOW) < 0 ? timeout : FAST_WINDOW, firstPause())
                .until(look, attempt -> attempt.exited() || attempt.healthy() || attempt.answered());
        long left = deadline - System.nanoTime();
        boolean settled = waited.end() == Poll.End.INTERRUPTED
                || (waited.end() == Poll.End.DONE && (waited.last().exited() || waited.last().healthy()));
        if (!settled && left > 0) {
            waited = Poll.backingOff(Duration.ofNanos(left), firstPause(), pollInterval)
                    .until(look, attempt -> attempt.exited() || attempt.healthy());
        } else if (!settled) {
            waited = new Poll.Waited<>(Poll.End.TIMED_OUT, waited.last());
        }
        Attempt last = waited.last();
        if (last.exited()) {
            throw new AppStartError("the app (pid " + process.pid() + ") exited before it became healthy at " + url
                    + " (last seen: " + attempts.lastSeen + ")" + LogTail.describe(appLog));
        }
        switch (waited.end()) {
            case DONE -> log.info("{} is healthy after {} attempt(s)", url, attempts.count);
            case INTERRUPTED -> throw new AppStartError("interrupted while waiting for the app to become healthy");
            case TIMED_OUT -> throw new AppStartError("the app (pid " + process.pid() + ") did not become healthy at "
                    + url + " within " + timeout.toMillis() / 1000.0 + " s (last seen: " + attempts.lastSeen + ")"
                    + LogTail.describe(appLog));
        }
    }

    private Duration firstPause() {
        return FIRST_PAUSE.compareTo(pollInterval) < 0 ? FIRST_PAUSE : pollInterval;
    }

    /** One look at the app: it had exited, or the probe saw it healthy (seen null) or not. */
    private record Attempt(boolean exited, String seen) {
        boolean healthy() {
            return !exited && seen == null;
        }

        /** It answered HTTP, healthy or not: something listens. */
        boolean answered() {
            return healthy() || (seen != null && seen.startsWith(HTTP));
        }
    }

    /** What the messages need across attempts: how many probes, and the last unhealthy answer. */
    private static final class Attempts {
        private int count;
        private String lastSeen = "no answer yet";

        Attempt next(boolean alive, String seen) {
            if (!alive) {
                return new Attempt(true, null);
            }
            count++;
            if (seen != null) {
                lastSeen = seen;
            }
            return new Attempt(false, seen);
        }
    }

    /** Null when healthy, else what was seen. */
    private String probe(URI url) {
        Optional<String> closed = closed(url);
        if (closed.isPresent()) {
            return closed.get();
        }
        Request request = new Request.Builder().url(url.toString()).get().build();
        try (Response response = http.get().newCall(request).execute()) {
            if (response.isSuccessful()) {
                return null;
            }
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string().strip();
            if (text.length() > BODY_SHOWN) {
                text = text.substring(0, BODY_SHOWN) + "...";
            }
            return HTTP + response.code() + (text.isEmpty() ? "" : " '" + text + "'");
        } catch (IOException e) {
            return describe(e);
        }
    }

    /**
     * What a plain connect to the URL's address saw when nothing accepts there, empty when
     * something does. While an app starts this is what most looks see: a refused loopback connect
     * costs microseconds, a failed HTTP call a millisecond or two of CPU taken from the starting
     * app. Only for an address written as an IP, so no name is looked up twice.
     */
    private Optional<String> closed(URI url) {
        String host = url.getHost();
        if (host == null || !IP_LITERAL.matcher(host).matches()) {
            return Optional.empty();
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), http.get().connectTimeoutMillis());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(describe(e));
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

}
