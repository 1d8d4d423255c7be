package io.webappupgrade.cli;

import io.webappupgrade.report.ReportWriter;
import io.webappupgrade.rollout.RolloutListener;
import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.report.RolloutRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs, once the rollout first waits, code that its later steps would otherwise run cold, on a
 * thread of its own:
 * <ul>
 *   <li>one HTTP call through OkHttp ({@link HttpWarmUp}), so the first health look of the first
 *       upgrade does not load the client: about 40 ms of the first batch;</li>
 *   <li>the report's code on a small record kept in the jar: the JSON data binding and the HTML
 *       rendering. Cold, they held the exit up by about 0.1 s after the final line. The rendering
 *       goes into memory and is dropped; nothing is written.</li>
 * </ul>
 *
 * <p>As a listener it starts when the run first waits (a drain, an upgrade): started with the
 * command, its 0.2 s of CPU took a core from the start-up, which is on the critical path.
 */
final class WarmUp implements RolloutListener {

    private static final String RECORD = "/io/webappupgrade/cli/warm-up-record.json";

    private final AtomicBoolean started = new AtomicBoolean();

    @Override
    public void phaseStarted(String instanceId, Phase phase, Instant at) {
        if (phase != Phase.PREPARE) {
            start();
        }
    }

    /**
     * Starts the warm-up on a daemon thread of low priority, the first time only: it never holds
     * the command or its exit up.
     */
    void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            HttpWarmUp.warm();
            warmReport();
        }, "warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * Reads, writes and renders the bundled record.
     *
     * @return the length of the rendered HTML; 0 when the warm-up could not run, which only means a
     *         cold report at the end
     */
    static int warmReport() {
        try (InputStream in = WarmUp.class.getResourceAsStream(RECORD)) {
            if (in == null) {
                return 0;
            }
            RolloutRecord record = RolloutRecord.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return record.toJson().length() > 0 ? new ReportWriter().render(record).length() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
