package io.webappupgrade.webapp;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines an app wrote to its log since it was last started, for failure messages. */
final class LogTail {

    static final int LINES = 20;
    private static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_LINE = 300;

    private LogTail() {
    }

    /** The last lines after the latest start marker (at most {@link #LINES}, each cut to a sane length). */
    static List<String> lastLines(Path log) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - MAX_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R")));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0); // most likely cut in the middle
            }
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (AppLauncher.isMarker(lines.get(i))) {
                    start = i + 1;
                }
            }
            List<String> tail = new ArrayList<>();
            for (String line : lines.subList(Math.max(start, lines.size() - LINES), lines.size())) {
                tail.add(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line);
            }
            while (!tail.isEmpty() && tail.get(tail.size() - 1).isBlank()) {
                tail.remove(tail.size() - 1);
            }
            return List.copyOf(tail);
        } catch (IOException e) {
            return List.of("(could not read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** A message suffix quoting the tail of the log, or saying it is empty. */
    static String describe(Path log) {
        List<String> lines = lastLines(log);
        if (lines.isEmpty()) {
            return "; " + log + " has no output from this start";
        }
        return "; last lines of " + log + ":\n  " + String.join("\n  ", lines);
    }
}
