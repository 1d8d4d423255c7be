package io.webappupgrade.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.rollout.record.BatchAnalysis;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.WindowCounters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The report draws the verification windows on the timeline and the canary-vs-baseline numbers in the table. */
class VerificationWindowReportTest {

    private final ReportWriter writer = new ReportWriter();

    private static RolloutRecord caughtCanary() {
        RolloutSummary s = Rollouts.canaryFailureWithAutoRollback().summary();
        BatchAnalysis window = new BatchAnalysis(1, List.of("web_1"), s.startedAt().plusMillis(1000),
                s.startedAt().plusMillis(3000), 2000, BatchAnalysis.ERROR_RATE,
                "batch 1 (web_1) failed verification: error rate (hrsp_5xx + eresp + econ) of the new release 20.0%"
                        + " (16 of 80) against baseline 0.0% (0 of 160), above max_error_rate 2.0%",
                new WindowCounters(List.of("web_1"), 80, 16, 16, 0, 0, 0.2, 1),
                new WindowCounters(List.of("web_2", "web_3"), 160, 0, 0, 0, 0, 0, 3), 0.02, 2, 20);
        RolloutSummary withWindow = new RolloutSummary(s.deploymentId(), s.workflow(), s.outcome(), s.exitCode(),
                s.message(), s.startedAt(), s.finishedAt(), s.durationMillis(), s.parameters(), s.instances(),
                s.delays(), s.totals(), List.of(window));
        return RolloutRecord.of(withWindow);
    }

    @Test
    void aCaughtCanaryShowsItsWindowAndItsNumbersAgainstTheBaseline() {
        ReportXml xml = ReportXml.parse(writer.render(caughtCanary()));

        List<Element> windows = xml.all("//*[@id='timeline']//g[@class='verify-windows']/*[local-name()='rect']");
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).getAttribute("class")).isEqualTo("verify-window breach");
        assertThat(windows.get(0).getAttribute("data-verdict")).isEqualTo("error_rate");
        assertThat(windows.get(0).getTextContent()).contains("above max_error_rate 2.0%");

        assertThat(xml.all("//table[@id='instances']/thead/tr/th").stream().map(Element::getTextContent))
                .contains("Verification (new vs old release)");
        String web1 = xml.text("//table[@id='instances']/tbody/tr[@data-instance='web_1']/td[@data-verdict]");
        assertThat(web1).isEqualTo("error rate errors 20.0% vs 0.0% (max 2.0%), rtime 1 ms vs 3 ms, 80 vs 160 requests");
    }

    @Test
    void aRunWithoutWindowsKeepsItsTableAsItWas() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.canaryFailureWithAutoRollback()));

        assertThat(xml.all("//table[@id='instances']/thead/tr/th").stream().map(Element::getTextContent))
                .doesNotContain("Verification (new vs old release)");
    }
}
