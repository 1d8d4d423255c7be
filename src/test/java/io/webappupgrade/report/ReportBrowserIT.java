package io.webappupgrade.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webappupgrade.testing.TestEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens generated reports in real headless Chromium (DevTools protocol) at 1280 x 900: no console
 * error, no request beyond the file itself, drawn as SVG, and a screenshot that is the right size
 * and not blank. The screenshots and their reports are kept in target/report-screenshots.
 */
class ReportBrowserIT {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    private static final int UPGRADE_BLUE = 0x0072B2;
    private static final int DRAIN_ORANGE = 0xE69F00;
    private static final int ROLLBACK_PURPLE = 0xCC79A7;
    private static final int FAILED_VERMILLION = 0xD55E00;

    @TempDir
    Path work;
    Path artefacts;
    HeadlessChromium browser;
    DevToolsSession page;

    /** What the browser saw while it loaded a page. */
    record Visit(List<String> consoleErrors, List<String> requests) {
    }

    @BeforeEach
    void openBrowser() throws Exception {
        artefacts = Files.createDirectories(TestEnvironment.projectRoot().resolve("target/report-screenshots"));
        browser = HeadlessChromium.start(work);
        page = browser.openPage();
        page.call("Runtime.enable");
        page.call("Log.enable");
        page.call("Network.enable");
        page.call("Page.enable");
        page.call("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterEach
    void closeBrowser() {
        if (page != null) {
            page.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aCleanRolloutReportOpensOfflineWithoutErrorsAndIsDrawn() throws Exception {
        Path report = new ReportWriter().write(Rollouts.cleanWithProbe(), artefacts.resolve("clean-rollout.html"));

        Visit visit = load(report);

        assertThat(visit.consoleErrors()).isEmpty();
        assertThat(visit.requests()).containsExactly(report.toUri().toString());
        assertThat(evaluate("document.compatMode")).isEqualTo("CSS1Compat");
        assertThat(evaluate("document.querySelector('#timeline').namespaceURI")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(evaluate("document.querySelectorAll('#timeline rect.phase').length")).isEqualTo("12");
        // Readable at 1280 px: nothing wider than the window, and the timeline nearly fills it.
        assertThat(Integer.parseInt(evaluate("document.documentElement.scrollWidth"))).isLessThanOrEqualTo(WIDTH);
        assertThat(Double.parseDouble(evaluate("document.querySelector('#timeline').getBoundingClientRect().width")))
                .isBetween(1100.0, 1200.0);
        // The phase colours come from the inline style sheet.
        assertThat(evaluate("getComputedStyle(document.querySelector('#timeline rect.phase.upgrade')).fill"))
                .isEqualTo("rgb(0, 114, 178)");

        BufferedImage shot = screenshot("clean-rollout.png", false);
        assertThat(shot.getWidth()).isEqualTo(WIDTH);
        assertThat(shot.getHeight()).isEqualTo(HEIGHT);
        assertThat(nonWhiteShare(shot)).isGreaterThan(0.08);
        assertThat(pixelsNear(shot, UPGRADE_BLUE)).isGreaterThan(1_000);
        assertThat(pixelsNear(shot, DRAIN_ORANGE)).isGreaterThan(300);

        BufferedImage full = screenshot("clean-rollout-full.png", true);
        assertThat(full.getWidth()).isEqualTo(WIDTH);
        assertThat(full.getHeight()).isGreaterThan(HEIGHT);
    }

    @Test
    void aCanaryFailureReportShowsTheRollbackAndTheFailure() throws Exception {
        Path report = new ReportWriter().write(Rollouts.canaryFailureWithAutoRollback(),
                artefacts.resolve("canary-rollback.html"));

        Visit visit = load(report);

        assertThat(visit.consoleErrors()).isEmpty();
        assertThat(visit.requests()).containsExactly(report.toUri().toString());
        // The hostile error text is on the page as text, and nothing of it ran or was parsed as markup.
        assertThat(evaluate("document.querySelectorAll('script, img').length")).isEqualTo("0");
        assertThat(evaluate("document.querySelector('tr[data-instance=web_2] td.error').textContent"))
                .isEqualTo("upgrade failed: " + Rollouts.HOSTILE_ERROR);

        BufferedImage shot = screenshot("canary-rollback.png", false);
        assertThat(shot.getWidth()).isEqualTo(WIDTH);
        assertThat(shot.getHeight()).isEqualTo(HEIGHT);
        assertThat(nonWhiteShare(shot)).isGreaterThan(0.08);
        assertThat(pixelsNear(shot, ROLLBACK_PURPLE)).isGreaterThan(300);
        assertThat(pixelsNear(shot, FAILED_VERMILLION)).isGreaterThan(100);
    }

    /** The checks above would notice a page that logs errors or fetches something: this one does both. */
    @Test
    void theChecksSeeConsoleErrorsAndRequestsBeyondTheFile() throws Exception {
        Path bad = Files.writeString(work.resolve("bad.html"), "<!DOCTYPE html><html><body>"
                + "<img src=\"http://127.0.0.1:9/missing.png\"/><script>console.error('broken report')</script>"
                + "</body></html>");

        Visit visit = load(bad);

        assertThat(visit.consoleErrors()).anyMatch(e -> e.contains("broken report"));
        assertThat(visit.requests()).contains("http://127.0.0.1:9/missing.png");
    }

    private Visit load(Path file) throws Exception {
        int since = page.eventCount();
        page.call("Page.navigate", Map.of("url", file.toUri().toString()));
        page.awaitEvent("Page.loadEventFired", since);
        // One more round trip, so events sent before the load event have all arrived.
        page.call("Runtime.evaluate", Map.of("expression", "1"));
        List<String> errors = new ArrayList<>();
        for (JsonNode call : page.events("Runtime.consoleAPICalled")) {
            if ("error".equals(call.path("type").asText()) || "assert".equals(call.path("type").asText())) {
                errors.add("console: " + call.path("args"));
            }
        }
        page.events("Runtime.exceptionThrown").forEach(e -> errors.add("exception: " + e.path("exceptionDetails")));
        for (JsonNode entry : page.events("Log.entryAdded")) {
            if ("error".equals(entry.path("entry").path("level").asText())) {
                errors.add("log: " + entry.path("entry").path("text").asText() + " " + entry.path("entry").path("url").asText());
            }
        }
        List<String> requests = page.events("Network.requestWillBeSent").stream()
                .map(r -> r.path("request").path("url").asText()).distinct().toList();
        return new Visit(errors, requests);
    }

    private String evaluate(String expression) {
        JsonNode result = page.call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value").asText();
    }

    private BufferedImage screenshot(String name, boolean fullPage) throws IOException {
        Map<String, Object> params = Map.of("format", "png");
        if (fullPage) {
            JsonNode size = page.call("Page.getLayoutMetrics").path("cssContentSize");
            params = Map.of("format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                    "width", WIDTH, "height", Math.ceil(size.path("height").asDouble()), "scale", 1));
        }
        byte[] png = Base64.getDecoder().decode(page.call("Page.captureScreenshot", params).path("data").asText());
        Files.write(artefacts.resolve(name), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG image").isNotNull();
        return image;
    }

    private static double nonWhiteShare(BufferedImage image) {
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xFF) < 240 || ((rgb >> 8) & 0xFF) < 240 || (rgb & 0xFF) < 240) {
                    nonWhite++;
                }
            }
        }
        return (double) nonWhite / ((long) image.getWidth() * image.getHeight());
    }

    private static long pixelsNear(BufferedImage image, int colour) {
        long near = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int dr = ((rgb >> 16) & 0xFF) - ((colour >> 16) & 0xFF);
                int dg = ((rgb >> 8) & 0xFF) - ((colour >> 8) & 0xFF);
                int db = (rgb & 0xFF) - (colour & 0xFF);
                if (dr * dr + dg * dg + db * db < 24 * 24) {
                    near++;
                }
            }
        }
        return near;
    }
}
