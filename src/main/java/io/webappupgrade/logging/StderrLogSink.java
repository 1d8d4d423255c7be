package io.webappupgrade.logging;

import java.io.PrintStream;
import org.slf4j.event.Level;

/** Plain lines on standard error, for the CLI and for operations run outside Cloudify. */
final class StderrLogSink implements LogSink {

    private final PrintStream out;

    StderrLogSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(Level level, String logger, String message) {
        out.println(level.name() + " " + message);
    }
}
