package io.webappupgrade.cli;

import io.webappupgrade.report.ReportWriter;
import io.webappupgrade.report.RolloutRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the report's code once while the rollout runs, on a small record kept in the jar, so that
 * what the end of the command does is not done cold: the JSON mapping (which the state file and
 * the journal use too) and the HTML rendering. Cold, they held the exit up by about 0.1 s after
 * the final line. The rendering goes into memory and is dropped; nothing is written.
 */
final class ReportWarmUp {

    private static final String RECORD = "/io/webappupgrade/cli/warm-up-record.json";

    private ReportWarmUp() {
    }

    /** Starts the warm-up on a daemon thread of low priority: it never holds the command or its exit up. */
    static void start() {
        Thread thread = new Thread(ReportWarmUp::warm, "report-warm-up");
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
    static int warm() {
        try (InputStream in = ReportWarmUp.class.getResourceAsStream(RECORD)) {
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
