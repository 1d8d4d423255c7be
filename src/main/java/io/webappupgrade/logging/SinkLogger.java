package io.webappupgrade.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that formats its message and hands it to a sink. */
final class SinkLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient LogSink sink;
    private final Level threshold;

    SinkLogger(String name, LogSink sink, Level threshold) {
        this.name = name;
        this.sink = sink;
        this.threshold = threshold;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        if (throwable != null) {
            message = message + " (" + throwable.getClass().getSimpleName() + ": " + throwable.getMessage() + ")";
        }
        sink.write(level, name, message);
    }
}
