package io.webappupgrade.logging;

import org.slf4j.event.Level;

/** Where formatted log lines go. */
interface LogSink {

    void write(Level level, String logger, String message);
}
