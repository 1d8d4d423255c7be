package io.webappupgrade.logging;

import io.webappupgrade.ctx.proxy.CtxProxyClient;
import io.webappupgrade.ctx.proxy.CtxProxyException;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * Sends log lines to Cloudify's logger through the ctx proxy, so they appear in the execution's
 * log at their own level instead of as {@code <err>} lines at INFO.
 */
final class CtxLogSink implements LogSink {

    private final CtxProxyClient client;
    private final LogSink fallback;

    CtxLogSink(CtxProxyClient client, LogSink fallback) {
        this.client = client;
        this.fallback = fallback;
    }

    @Override
    public void write(Level level, String logger, String message) {
        try {
            client.call("logger", method(level), message);
        } catch (CtxProxyException e) {
            // The proxy is gone (the operation was stopped) or refused the line: keep it on stderr,
            // which the script plugin still logs.
            fallback.write(level, logger, message);
        }
    }

    private static String method(Level level) {
        return switch (level) {
            case ERROR -> "error";
            case WARN -> "warning";
            case INFO -> "info";
            default -> level.name().toLowerCase(Locale.ROOT);
        };
    }
}
