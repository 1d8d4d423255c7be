package io.webappupgrade.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.testing.AgentProcess;
import io.webappupgrade.testing.LeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command, {@code demo}, as a newcomer runs it: real HAProxy and 4 real app
 * processes on loopback under 200 requests/s (5% slow), no Cloudify.
 */
class DemoIT {

    private static final Pattern REQUESTS = Pattern.compile("Requests: (\\d+) sent, (\\d+) failed");
    private static final Pattern SECOND = Pattern.compile("(?m)^  \\+ *\\d+s (.*)$");
    private static final Pattern FIGURE = Pattern.compile(" \\d+\\.\\d+\\.\\d+ (\\d+)");

    @TempDir
    Path work;

    @Test
    void upgradesEveryInstanceToV2WithoutAFailedRequest() throws Exception {
        AgentProcess demo = AgentProcess.start("demo", "--work-dir", work.toString());
        int exit = demo.waitFor(Duration.ofMinutes(3));
        String out = demo.output();
        assertThat(exit).as(out).isZero();
        Matcher m = REQUESTS.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        // Live traffic throughout: 2 s before and 2 s after the rollout alone are 800 requests at
        // 200/s, and every whole second of the histogram (the last one is cut short) answered near 200.
        assertThat(Integer.parseInt(m.group(1))).isGreaterThan(700);
        List<Integer> perSecond = answeredPerSecond(out);
        assertThat(perSecond).as(out).hasSizeGreaterThanOrEqualTo(5);
        assertThat(perSecond.subList(0, perSecond.size() - 1)).as(out).allMatch(n -> n >= 150);
        assertThat(Integer.parseInt(m.group(2))).as(out).isZero();
        assertThat(out).contains("Versions answered").contains("1.0.0").contains("2.0.0");
        for (int i = 1; i <= 4; i++) {
            assertThat(out).containsPattern("webapp_" + i + " +2\\.0\\.0");
        }
        assertThat(out).contains("Report: ").contains("Stopping HAProxy and the app instances");
        assertEverythingStopped();
        Path json;
        try (Stream<Path> reports = Files.list(work.resolve("reports"))) {
            List<Path> files = reports.toList();
            assertThat(files).anyMatch(p -> p.toString().endsWith(".html"));
            json = files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        // The report is rendered from the saved JSON alone, so it can be rendered again later.
        Path again = work.resolve("again.html");
        AgentProcess report = AgentProcess.start("report", json.toString(), "-o", again.toString());
        assertThat(report.waitFor(Duration.ofMinutes(1))).as(report.output()).isZero();
        assertThat(Files.readString(again)).contains("<svg").contains("webapp_4").contains("2.0.0");
    }

    /** The requests answered in each second of the demo's "Versions answered" histogram. */
    private static List<Integer> answeredPerSecond(String out) {
        Matcher line = SECOND.matcher(out);
        List<Integer> answered = new ArrayList<>();
        while (line.find()) {
            Matcher figure = FIGURE.matcher(line.group(1));
            int total = 0;
            while (figure.find()) {
                total += Integer.parseInt(figure.group(1));
            }
            answered.add(total);
        }
        return answered;
    }

    @Test
    void aBadReleaseFailsTheCanaryRollsBackAndStillFailsNoRequest() {
        AgentProcess demo = AgentProcess.start("demo", "--scenario", "bad-release", "--work-dir", work.toString());
        int exit = demo.waitFor(Duration.ofMinutes(3));
        String out = demo.output();
        assertThat(exit).as(out).isEqualTo(1);
        Matcher m = REQUESTS.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(2))).as(out).isZero();
        assertThat(out).contains("did not become healthy").contains("Release 1.0.0 is serving again");
        for (int i = 1; i <= 4; i++) {
            assertThat(out).containsPattern("webapp_" + i + " +1\\.0\\.0");
        }
        assertThat(out).doesNotContain("3.0.0 200");
        assertEverythingStopped();
    }

    @Test
    void aBadCanaryIsCaughtInItsWindowAndRolledBackAndOnlyItsRequestsFailed() {
        AgentProcess demo = AgentProcess.start("demo", "--scenario", "bad-canary", "--work-dir", work.toString());
        int exit = demo.waitFor(Duration.ofMinutes(3));
        String out = demo.output();
        assertThat(exit).as(out).isEqualTo(1);
        // the canary is whichever instance the drain order takes first (the least busy)
        assertThat(out).containsPattern("Caught in its window: batch 1 \\(webapp_[1-4]\\) failed verification: error rate"
                + " \\(hrsp_5xx \\+ eresp \\+ econ\\) of the new release 2\\d\\.\\d%")
                .contains("No other request failed.").contains("batch 1 verifying: new release");
        Matcher cost = Pattern.compile("The canary \\(4\\.0\\.0\\) failed (\\d+) request\\(s\\)").matcher(out);
        assertThat(cost.find()).as(out).isTrue();
        Matcher m = REQUESTS.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(2)).as(out).isEqualTo(cost.group(1));
        assertThat(Integer.parseInt(cost.group(1))).isPositive();
        for (int i = 1; i <= 4; i++) {
            assertThat(out).containsPattern("webapp_" + i + " +1\\.0\\.0");
        }
        assertEverythingStopped();
    }

    @Test
    void refusesAnUnknownScenarioNamingWhatIsAllowed() {
        AgentProcess demo = AgentProcess.start("demo", "--scenario", "chaos", "--work-dir", work.toString());
        assertThat(demo.waitFor(Duration.ofMinutes(1))).isEqualTo(2);
        assertThat(demo.output()).contains("--scenario is 'chaos': expected upgrade, bad-release or bad-canary");
    }

    private void assertEverythingStopped() {
        assertThat(LeftoverProcesses.under(work)).as("processes still running from %s", work).isEmpty();
    }
}
