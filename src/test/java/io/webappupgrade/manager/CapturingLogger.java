package io.webappupgrade.manager;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger with every level on that keeps each formatted line (and any throwable's text). */
public final class CapturingLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private final transient List<String> lines = new ArrayList<>();

    public CapturingLogger() {
        this.name = "capture";
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
            Throwable throwable) {
        String line = level + " " + MessageFormatter.basicArrayFormat(pattern, args);
        if (throwable != null) {
            java.io.StringWriter w = new java.io.StringWriter();
            throwable.printStackTrace(new java.io.PrintWriter(w));
            line += "\n" + w;
        }
        lines.add(line);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
