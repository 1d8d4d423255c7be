package io.webappupgrade.cli;

import io.webappupgrade.report.ReportWriter;
import io.webappupgrade.report.RolloutRecord;
import io.webappupgrade.rollout.record.RolloutSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes a run's record (the JSON, the one source of truth) and the HTML report rendered from it,
 * on a thread of its own: the command says how the run ended while the files are written, and
 * waits for them before it exits.
 */
final class ReportFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** A report being written: where it goes, and its end. */
    static final class Pending {
        private final Path html;
        private final CompletableFuture<Long> written;

        private Pending(Path html, CompletableFuture<Long> written) {
            this.html = html;
            this.written = written;
        }

        /** Where the HTML report goes (its .json beside it). */
        Path html() {
            return html;
        }

        /**
         * Waits until the files are written, even if this thread is interrupted (the interrupt is kept).
         *
         * @return how long the writing took in ms, or why the report could not be written
         */
        Written await() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return new Written(written.get(), Optional.empty());
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        return new Written(0, Optional.of(cause.getMessage() == null
                                ? cause.getClass().getSimpleName() : cause.getMessage()));
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** How the writing ended: its time in ms, and an error when it failed. */
    record Written(long millis, Optional<String> error) {
    }

    private ReportFiles() {
    }

    /** Starts writing {@code record} into {@code dir}. */
    static Pending start(RolloutRecord record, Path dir) {
        RolloutSummary summary = record.summary();
        String name = summary.workflow() + "-" + summary.deploymentId() + "-" + STAMP.format(summary.startedAt());
        Path html = dir.resolve(name + ".html");
        CompletableFuture<Long> written = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            long start = System.nanoTime();
            try {
                write(record, dir, name, html);
                written.complete((System.nanoTime() - start) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                written.completeExceptionally(e);
            }
        }, "report-writer");
        writer.start();
        return new Pending(html, written);
    }

    private static void write(RolloutRecord record, Path dir, String name, Path html) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(name + ".json");
        Path tmp = dir.resolve("." + name + ".json.tmp");
        Files.writeString(tmp, record.toJson());
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        new ReportWriter().write(record, html);
    }
}
