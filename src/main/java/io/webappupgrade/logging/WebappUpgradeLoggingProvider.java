package io.webappupgrade.logging;

import io.webappupgrade.ctx.proxy.CtxProxyClient;
import io.webappupgrade.json.JsonValues;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of the agent jar. SLF4J finds its provider through the service loader, which
 * leaves no way to pass dependencies in: the provider reads its two settings from the environment.
 * Under Cloudify's script plugin ({@code CTX_SOCKET_URL} set) lines go to Cloudify's logger at
 * their level; otherwise to standard error. {@code WEBAPP_UPGRADE_LOG_LEVEL} (trace, debug, info,
 * warn, error) sets the threshold: by default info under Cloudify, where the log is the record
 * of what an operation did, and warn on the command line, where progress has its own output.
 */
public final class WebappUpgradeLoggingProvider implements SLF4JServiceProvider {

    static final String LEVEL_VARIABLE = "WEBAPP_UPGRADE_LOG_LEVEL";

    private ILoggerFactory loggerFactory;
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    @Override
    public void initialize() {
        Map<String, String> env = System.getenv();
        LogSink stderr = new StderrLogSink(System.err);
        String socketUrl = env.get("CTX_SOCKET_URL");
        LogSink sink = stderr;
        Level fallback = Level.WARN;
        if (socketUrl != null && socketUrl.startsWith("http")) {
            sink = new CtxLogSink(CtxProxyClient.connect(socketUrl, Duration.ofSeconds(30), new JsonValues()), stderr);
            fallback = Level.INFO;
        }
        loggerFactory = new SinkLoggerFactory(sink, threshold(env.get(LEVEL_VARIABLE), fallback));
    }

    static Level threshold(String text, Level fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Level.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
