package io.webappupgrade.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a rollout report: one self-contained HTML file (inline CSS and SVG, no script, no external
 * asset) that opens offline in any browser and is well-formed XML as well.
 */
public final class ReportWriter {

    private final HtmlReport html;

    /** Shows clock times in UTC, like the summary. */
    public ReportWriter() {
        this(ZoneId.of("UTC"));
    }

    /** Shows clock times in {@code zone}. */
    public ReportWriter(ZoneId zone) {
        this.html = new HtmlReport(Objects.requireNonNull(zone, "zone"));
    }

    /** The report as text. */
    public String render(RolloutRecord record) {
        return html.render(Objects.requireNonNull(record, "record"));
    }

    /**
     * Writes the report to {@code htmlFile}, replacing it whole: a reader never sees half a report,
     * and a failure leaves an existing file as it was.
     *
     * @return {@code htmlFile}
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(RolloutRecord record, Path htmlFile) {
        String text = render(record);
        Path target = htmlFile.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            // Not Files.createTempFile: its owner-only permissions would carry over to the report.
            temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return htmlFile;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the rollout report to " + htmlFile + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Only a leftover temporary file; the report itself was written or the error above says why not.
                }
            }
        }
    }
}
