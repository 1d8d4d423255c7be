package io.webappupgrade.traffic;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends requests at a steady rate, for a bounded time or until stopped, and records each one.
 *
 * <p>Requests are sent asynchronously on a schedule fixed at the start (request n at
 * start + n / rate), so slow answers never lower the rate: they only raise the number in flight.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Pattern VERSION = Pattern.compile("version=(\\S+)");

    private final LoadProfile profile;
    private final HttpClient client;
    private final Queue<RequestResult> results = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private Thread sender;
    private Instant started;

    public LoadGenerator(LoadProfile profile, HttpClient client) {
        this.profile = profile;
        this.client = client;
    }

    public LoadGenerator(LoadProfile profile) {
        this(profile, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build());
    }

    /** Starts sending; it stops by itself after {@code limit} (or at {@link #stop}). */
    public synchronized void start(Duration limit) {
        if (sender != null) {
            throw new IllegalStateException("this load generator has already been started");
        }
        started = Instant.now();
        long t0 = System.nanoTime();
        long end = t0 + limit.toNanos();
        long period = TimeUnit.SECONDS.toNanos(1) / profile.requestsPerSecond();
        sender = new Thread(() -> {
            for (long n = 0; !stopping; n++) {
                long due = t0 + n * period;
                if (due >= end) {
                    break;
                }
                long wait;
                while (!stopping && (wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!stopping) {
                    send(n);
                }
            }
        }, "load-generator");
        sender.setDaemon(true);
        sender.start();
    }

    /** Sends for {@code duration}, waits for the answers, and reports. */
    public LoadReport runFor(Duration duration) {
        start(duration);
        return awaitEnd(duration.plusSeconds(1));
    }

    /** Stops sending now, waits for the answers in flight (at most the request timeout) and reports. */
    public LoadReport stop() {
        stopping = true;
        return awaitEnd(Duration.ofSeconds(1));
    }

    /** The results so far, while it runs. */
    public LoadReport snapshot() {
        return new LoadReport(started == null ? Instant.now() : started, List.copyOf(results));
    }

    @Override
    public void close() {
        stop();
    }

    private void send(long n) {
        var uri = profile.uriOf(n);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(profile.requestTimeout()).GET().build();
        Instant start = Instant.now();
        long t = System.nanoTime();
        CompletableFuture<?> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - t);
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        results.add(new RequestResult(n, uri.getRawPath(), start, took, 0,
                                cause.getClass().getSimpleName() + ": " + cause.getMessage(), ""));
                    } else {
                        Matcher m = VERSION.matcher(response.body());
                        results.add(new RequestResult(n, uri.getRawPath(), start, took, response.statusCode(), "",
                                m.find() ? m.group(1) : ""));
                    }
                    return null;
                });
        inFlight.add(f);
        inFlight.removeIf(CompletableFuture::isDone);
    }

    private synchronized LoadReport awaitEnd(Duration senderGrace) {
        if (sender == null) {
            return snapshot();
        }
        try {
            sender.join(senderGrace.toMillis() + profile.requestTimeout().toMillis());
            stopping = true;
            sender.join();
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(profile.requestTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // every request has its own timeout; whatever is missing here is reported as not sent
        }
        return snapshot();
    }
}
