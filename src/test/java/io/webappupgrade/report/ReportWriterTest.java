package io.webappupgrade.report;

import static io.webappupgrade.report.ReportXml.hasClass;
import static io.webappupgrade.report.ReportXml.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.webappupgrade.rollout.record.InstanceReport;
import io.webappupgrade.rollout.record.PhaseSpan;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/** Reports drawn from recorded summaries, read back as XML and checked element by element. */
class ReportWriterTest {

    private static final String TIMELINE = "//svg[@id='timeline']";
    private static final double TOLERANCE = 0.011;

    private final ReportWriter writer = new ReportWriter();

    /** The time axis of a chart: where offset 0 is, and units per millisecond, read from its ticks. */
    private record Axis(double left, double perMilli, List<Element> ticks) {
        double x(Instant start, Instant at) {
            return left + perMilli * Duration.between(start, at).toMillis();
        }
    }

    private static Axis axis(ReportXml xml, String chart) {
        List<Element> ticks = xml.all(chart + "/g[@class='axis']/line[@class='tick']");
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
        Element first = ticks.get(0);
        Element last = ticks.get(ticks.size() - 1);
        assertThat(first.getAttribute("data-offset-ms")).isEqualTo("0");
        double perMilli = (number(last, "x1") - number(first, "x1")) / number(last, "data-offset-ms");
        return new Axis(number(first, "x1"), perMilli, ticks);
    }

    private static List<String> classesOfPhases(ReportXml xml, String instanceId) {
        return xml.all(TIMELINE + "/g[@data-instance='" + instanceId + "']/rect[" + hasClass("phase") + "]").stream()
                .map(e -> e.getAttribute("class")).toList();
    }

    @Test
    void aCleanRolloutHasOneLanePerInstanceWithPhaseBarsAsLongAsThePhasesTook() {
        RolloutRecord record = Rollouts.cleanWithProbe();
        ReportXml xml = ReportXml.parse(writer.render(record));

        List<Element> lanes = xml.all(TIMELINE + "/g[@class='lane']");
        assertThat(lanes).extracting(e -> e.getAttribute("data-instance")).containsExactly("web_1", "web_2", "web_3", "web_4");
        assertThat(lanes).extracting(e -> e.getAttribute("data-status")).containsOnly("upgraded");

        Axis axis = axis(xml, TIMELINE);
        Instant axisStart = Rollouts.T0.minus(Rollouts.PROBE_LEAD);
        // The axis spans the run and the probe around it, to the end of the probe's last time slice.
        long span = Duration.between(axisStart, record.probe().endedAt()).toMillis();
        assertThat(record.probe().endedAt()).isAfter(record.summary().finishedAt());
        assertThat(axis.perMilli() * span).isCloseTo(Svg.PLOT_WIDTH, within(0.5));
        for (InstanceReport instance : record.summary().instances()) {
            assertThat(classesOfPhases(xml, instance.instanceId()))
                    .containsExactly("phase unlink", "phase upgrade", "phase establish");
            List<Element> bars = xml.all(TIMELINE + "/g[@data-instance='" + instance.instanceId() + "']/rect["
                    + hasClass("phase") + "]");
            for (int i = 0; i < bars.size(); i++) {
                PhaseSpan span0 = instance.phases().get(i);
                assertThat(number(bars.get(i), "width")).as("width of %s %s", instance.instanceId(), span0.phase())
                        .isCloseTo(span0.durationMillis() * axis.perMilli(), within(TOLERANCE));
                assertThat(number(bars.get(i), "x")).isCloseTo(axis.x(axisStart, span0.startedAt()), within(TOLERANCE));
            }
        }
        // A 4 s upgrade is drawn 80 times as wide as a 50 ms re-add.
        Element upgrade = xml.one(TIMELINE + "/g[@data-instance='web_1']/rect[" + hasClass("upgrade") + "]");
        Element readd = xml.one(TIMELINE + "/g[@data-instance='web_1']/rect[" + hasClass("establish") + "]");
        assertThat(number(upgrade, "width") / number(readd, "width")).isCloseTo(80, within(0.5));
    }

    @Test
    void upgradeAndRollbackBarsWithStepsDrawOneRectPerStepAsLongAsItTook() {
        RolloutRecord record = Rollouts.withSteps();
        ReportXml xml = ReportXml.parse(writer.render(record));
        Axis axis = axis(xml, TIMELINE);
        Instant axisStart = record.summary().startedAt();

        String web1 = TIMELINE + "/g[@data-instance='web_1']";
        assertThat(classesOfPhases(xml, "web_1")).containsExactly("phase unlink", "phase upgrade", "phase establish",
                "phase unlink", "phase rollback", "phase establish");
        assertThat(xml.all(web1 + "/g[@class='steps']")).extracting(e -> e.getAttribute("data-phase"))
                .containsExactly("upgrade", "rollback");
        List<Element> upgradeSteps = xml.all(web1 + "/g[@data-phase='upgrade']/rect");
        assertThat(upgradeSteps).extracting(e -> e.getAttribute("class")).containsExactly("step step-install",
                "step step-stop", "step step-start", "step step-health");
        PhaseSpan upgrade = record.summary().instance("web_1").orElseThrow().phases().get(1);
        Element upgradeBar = xml.one(web1 + "/rect[" + hasClass("upgrade") + "]");
        for (int i = 0; i < upgradeSteps.size(); i++) {
            Element rect = upgradeSteps.get(i);
            var step = upgrade.steps().get(i);
            assertThat(number(rect, "width")).as("width of %s", step.step())
                    .isCloseTo(step.durationMillis() * axis.perMilli(), within(TOLERANCE));
            assertThat(number(rect, "x")).isCloseTo(axis.x(axisStart, step.startedAt()), within(TOLERANCE));
            assertThat(number(rect, "x")).isGreaterThanOrEqualTo(number(upgradeBar, "x"));
            assertThat(number(rect, "x") + number(rect, "width"))
                    .isLessThanOrEqualTo(number(upgradeBar, "x") + number(upgradeBar, "width") + TOLERANCE);
            assertThat(number(rect, "y")).isGreaterThan(number(upgradeBar, "y"));
            assertThat(number(rect, "y") + number(rect, "height"))
                    .isLessThan(number(upgradeBar, "y") + number(upgradeBar, "height"));
        }
        // A 1.6 s install is drawn 8 times as wide as a 200 ms start.
        assertThat(number(upgradeSteps.get(0), "width") / number(upgradeSteps.get(2), "width"))
                .isCloseTo(8, within(0.01));
        assertThat(upgradeBar.getElementsByTagName("title").item(0).getTextContent())
                .contains("steps: install 2.1.0").contains("health 2.1.0");
        assertThat(upgradeSteps.get(0).getElementsByTagName("title").item(0).getTextContent())
                .startsWith("web_1: upgrade step install 2.1.0");
        assertThat(xml.all(web1 + "/g[@data-phase='rollback']/rect")).extracting(e -> e.getAttribute("class"))
                .containsExactly("step step-stop", "step step-start", "step step-health");

        List<Element> failedRun = xml.all(TIMELINE + "/g[@data-instance='web_2']/g[@data-phase='upgrade']/rect");
        assertThat(failedRun).extracting(e -> e.getAttribute("class")).containsExactly("step step-install",
                "step step-stop", "step step-start", "step step-health failed", "step step-stop", "step step-start",
                "step step-health");
        assertThat(failedRun.get(3).getElementsByTagName("title").item(0).getTextContent()).endsWith("FAILED");

        assertThat(xml.all(TIMELINE + "/g[@data-instance='web_3']/g")).as("a bar without steps draws as before")
                .isEmpty();
        assertThat(classesOfPhases(xml, "web_3")).containsExactly("phase unlink", "phase upgrade", "phase establish");
        assertThat(xml.one(TIMELINE + "/g[@data-instance='web_3']/rect[" + hasClass("upgrade") + "]")
                .getElementsByTagName("title").item(0).getTextContent()).doesNotContain("steps");
    }

    @Test
    void theLegendNamesEveryStepKind() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.withSteps()));

        List<Element> swatches = xml.all("//ul[@aria-label='Legend']/li/svg/rect[" + hasClass("step") + "]");
        assertThat(swatches).extracting(e -> e.getAttribute("class")).containsExactly("step step-install",
                "step step-stop", "step step-start", "step step-health", "step step-health failed");
        assertThat(xml.all("//ul[@aria-label='Legend']/li").stream().map(Element::getTextContent).toList())
                .contains("step: install (fetch, unpack)", "step: stop old process", "step: start",
                        "step: health check", "failed step");
    }

    @Test
    void eachStepKindHasItsOwnColour() {
        Map<String, String> fills = new TreeMap<>();
        Matcher rule = Pattern.compile("\\.step\\.(step-[a-z]+) \\{ fill: (#[0-9A-Fa-f]{6}); }").matcher(ReportStyle.CSS);
        while (rule.find()) {
            fills.put(rule.group(1), rule.group(2).toUpperCase());
        }
        assertThat(fills).containsOnlyKeys("step-install", "step-stop", "step-start", "step-health");
        assertThat(fills.values()).doesNotHaveDuplicates()
                .doesNotContain("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00");
    }

    @Test
    void theTimeAxisHasEvenlySpacedRoundTicksLabelledFromTheStart() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.cleanWithProbe()));

        Axis axis = axis(xml, TIMELINE);
        List<String> labels = xml.all(TIMELINE + "/g[@class='axis']/text[@class='tick-label']").stream()
                .map(Element::getTextContent).toList();
        // 42.4 s of run and probe: ticks every 5 s.
        assertThat(labels).containsExactly("0 s", "5 s", "10 s", "15 s", "20 s", "25 s", "30 s", "35 s", "40 s");
        for (int i = 0; i < axis.ticks().size(); i++) {
            assertThat(number(axis.ticks().get(i), "x1")).isCloseTo(axis.left() + i * 5_000 * axis.perMilli(),
                    within(TOLERANCE));
        }
        // Every chart shares the axis, so the version mix lines up under the instance lanes.
        for (String chart : List.of("//svg[@id='version-mix']", "//svg[@id='failures']")) {
            Axis other = axis(xml, chart);
            assertThat(other.left()).isEqualTo(axis.left());
            assertThat(other.perMilli()).isCloseTo(axis.perMilli(), within(1e-6));
        }
    }

    @Test
    void batchStartsAndDelaysAreMarkedWhereTheyHappened() {
        RolloutRecord record = Rollouts.cleanWithProbe();
        ReportXml xml = ReportXml.parse(writer.render(record));
        Axis axis = axis(xml, TIMELINE);
        Instant axisStart = Rollouts.T0.minus(Rollouts.PROBE_LEAD);

        List<Element> batches = xml.all(TIMELINE + "//line[@class='batch-start']");
        assertThat(batches).extracting(e -> e.getAttribute("data-batch")).containsExactly("1", "2", "3", "4");
        for (int i = 0; i < 4; i++) {
            Instant firstUnlink = record.summary().instances().get(i).phases().get(0).startedAt();
            assertThat(number(batches.get(i), "x1")).isCloseTo(axis.x(axisStart, firstUnlink), within(TOLERANCE));
        }
        List<Element> delays = xml.all(TIMELINE + "//rect[@class='delay']");
        assertThat(delays).extracting(e -> e.getAttribute("data-after-batch")).containsExactly("1", "2", "3");
        for (int i = 0; i < delays.size(); i++) {
            assertThat(number(delays.get(i), "width")).isCloseTo(5_000 * axis.perMilli(), within(TOLERANCE));
            assertThat(number(delays.get(i), "x")).isCloseTo(
                    axis.x(axisStart, record.summary().delays().get(i).startedAt()), within(TOLERANCE));
        }
        assertThat(xml.all(TIMELINE + "//line[@class='rollback-start']")).isEmpty();
    }

    @Test
    void theVersionMixMovesFromTheOldToTheNewReleaseAndNoRequestFailed() {
        RolloutRecord record = Rollouts.cleanWithProbe();
        ReportXml xml = ReportXml.parse(writer.render(record));

        Map<Double, List<Element>> columns = new TreeMap<>(xml.all("//svg[@id='version-mix']/rect["
                + hasClass("mix") + "]").stream().collect(Collectors.groupingBy(e -> number(e, "x"))));
        assertThat(columns).hasSizeGreaterThan(100);
        for (List<Element> column : columns.values()) {
            // Each column shows shares: its segments fill the plot's height.
            assertThat(column.stream().mapToDouble(e -> number(e, "height")).sum()).isCloseTo(90, within(0.05));
        }
        List<List<Element>> ordered = new ArrayList<>(columns.values());
        assertThat(ordered.get(0)).extracting(e -> e.getAttribute("data-version")).containsExactly("1.0.0");
        assertThat(ordered.get(ordered.size() - 1)).extracting(e -> e.getAttribute("data-version")).containsExactly("2.0.0");
        assertThat(ordered).anySatisfy(c -> assertThat(c).extracting(e -> e.getAttribute("data-version"))
                .containsExactly("1.0.0", "2.0.0"));
        // Versions keep their colour: the old release first in the palette, the new one second.
        assertThat(xml.all("//svg[@id='version-mix']/rect[@data-version='1.0.0']"))
                .allMatch(e -> e.getAttribute("class").equals("mix v0"));
        assertThat(xml.all("//svg[@id='version-mix']/rect[@data-version='2.0.0']"))
                .allMatch(e -> e.getAttribute("class").equals("mix v1"));
        int counted = xml.all("//svg[@id='version-mix']/rect").stream()
                .mapToInt(e -> Integer.parseInt(e.getAttribute("data-count"))).sum();
        assertThat(counted).isEqualTo(record.probe().okCount());

        assertThat(xml.all("//svg[@id='failures']/rect[@class='failed-bar']")).isEmpty();
        assertThat(xml.text("//svg[@id='failures']/text[@class='no-data']")).isEqualTo("no request failed");
        assertThat(xml.text("//p[@class='probe-totals']")).contains(" 0 failed (0%)");
    }

    @Test
    void theTableHasARowPerInstanceWithVersionsStatusAndPhaseTimes() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.cleanWithProbe()));

        List<Element> rows = xml.all("//table[@id='instances']/tbody/tr");
        assertThat(rows).extracting(e -> e.getAttribute("data-instance")).containsExactly("web_1", "web_2", "web_3", "web_4");
        List<String> first = xml.all("//table[@id='instances']/tbody/tr[1]/*").stream().map(Element::getTextContent).toList();
        // Instance, node, batch, from, to, status, out of LB, prepare, drain, upgrade, re-add, rollback, total, error.
        assertThat(first).containsExactly("web_1", "web", "1", "1.0.0", "2.0.0", "upgraded", "5.4 s", "\u2013", "1.3 s",
                "4.0 s",
                "50 ms", "\u2013", "5.4 s", "");
        assertThat(xml.text("//h1/span[" + hasClass("outcome") + "]")).isEqualTo("succeeded");
    }

    @Test
    void aPrepareShowsAsItsOwnPhaseAndIsNotCountedAsTimeOutOfTheLoadBalancer() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.withPrepare()));

        assertThat(classesOfPhases(xml, "web_1")).containsExactly("phase prepare", "phase unlink", "phase upgrade",
                "phase establish");
        assertThat(classesOfPhases(xml, "web_2")).containsExactly("phase prepare failed");
        List<String> first = xml.all("//table[@id='instances']/tbody/tr[1]/*").stream().map(Element::getTextContent).toList();
        // Out of LB: drain + upgrade + re-add only; the prepare column has the 2 s fetch.
        assertThat(first.subList(6, 11)).containsExactly("1.5 s", "2.0 s", "500 ms", "1.0 s", "40 ms");
        List<String> second = xml.all("//table[@id='instances']/tbody/tr[2]/*").stream().map(Element::getTextContent).toList();
        assertThat(second.get(6)).as("web_2 never left the load balancer").isEqualTo("\u2013");
        assertThat(xml.text("//ul[@aria-label='Legend']")).contains("prepare (fetch, unpack)");
    }

    @Test
    void aFailedUpgradeThatRestartedThePreviousReleaseSaysSoNotRolledBack() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.restoredByItsUpgrade()));

        List<String> row = xml.all("//table[@id='instances']/tbody/tr[1]/*").stream().map(Element::getTextContent).toList();
        assertThat(row.get(5)).isEqualTo("failed, restored to 2.0.0");
        assertThat(xml.text("//dl")).contains("1 failed (restored to its previous release: 1)")
                .doesNotContain("rolled back");
    }

    @Test
    void aCanaryFailureShowsTheFailedPhaseTheAutoRollbackAndTheFailedRequests() {
        RolloutRecord record = Rollouts.canaryFailureWithAutoRollback();
        ReportXml xml = ReportXml.parse(writer.render(record));

        assertThat(classesOfPhases(xml, "web_1")).containsExactly("phase unlink", "phase upgrade", "phase establish",
                "phase unlink", "phase rollback", "phase establish");
        assertThat(classesOfPhases(xml, "web_2")).containsExactly("phase unlink", "phase upgrade failed",
                "phase establish");
        for (String never : List.of("web_3", "web_4")) {
            assertThat(classesOfPhases(xml, never)).isEmpty();
            assertThat(xml.text(TIMELINE + "/g[@data-instance='" + never + "']/text[@class='lane-note']"))
                    .isEqualTo("not started");
        }
        Axis axis = axis(xml, TIMELINE);
        Instant axisStart = Rollouts.T0.minusSeconds(1);
        Instant rollbackUnlink = record.summary().instance("web_1").orElseThrow().phases().get(3).startedAt();
        Element rollback = xml.one(TIMELINE + "//line[@class='rollback-start']");
        assertThat(number(rollback, "x1")).isCloseTo(axis.x(axisStart, rollbackUnlink), within(TOLERANCE));
        assertThat(xml.text(TIMELINE + "//text[@class='rollback-label']")).isEqualTo("auto-rollback");
        assertThat(xml.all(TIMELINE + "//line[@class='batch-start']")).extracting(e -> e.getAttribute("data-batch"))
                .containsExactly("1", "2");

        List<Element> failedBars = xml.all("//svg[@id='failures']/rect[@class='failed-bar']");
        assertThat(failedBars).isNotEmpty();
        assertThat(failedBars.stream().mapToInt(e -> Integer.parseInt(e.getAttribute("data-count"))).sum())
                .isEqualTo(record.probe().failedCount()).isPositive();
        // The failures happened after web_2 was put back, not before.
        Instant web2Back = record.summary().instance("web_2").orElseThrow().phases().get(2).endedAt();
        assertThat(failedBars).allSatisfy(b -> assertThat(number(b, "x") + number(b, "width"))
                .isGreaterThan(axis.x(axisStart, web2Back)));

        assertThat(xml.text("//h1/span[" + hasClass("outcome") + "]")).isEqualTo("rolled back");
        assertThat(xml.one("//h1/span").getAttribute("class")).isEqualTo("outcome bad");
        assertThat(xml.text("//tr[@data-instance='web_2']/td[@class='error']"))
                .isEqualTo("upgrade failed: " + Rollouts.HOSTILE_ERROR);
    }

    @Test
    void errorTextIsShownAsTextAndNeverBecomesMarkup() {
        String html = writer.render(Rollouts.canaryFailureWithAutoRollback());
        ReportXml xml = ReportXml.parse(html);

        assertThat(xml.all("//script | //img | //iframe | //object | //embed")).isEmpty();
        Element failed = xml.one(TIMELINE + "/g[@data-instance='web_2']/rect[" + hasClass("failed") + "]");
        assertThat(failed.getTextContent()).contains("FAILED: " + Rollouts.HOSTILE_ERROR);
        assertThat(html).doesNotContain("<script").doesNotContain("<img");
    }

    @Test
    void hostileInstanceIdsDeploymentNamesAndVersionsStayText() {
        RolloutRecord record = Rollouts.hostileNames();
        ReportXml xml = ReportXml.parse(writer.render(record));

        assertThat(xml.all("//script | //b | //i | //p/p | //marquee | //svg//p")).isEmpty();
        List<String> ids = xml.all(TIMELINE + "/g[@class='lane']").stream().map(e -> e.getAttribute("data-instance")).toList();
        // Characters XML cannot hold (NUL, ESC, a lone surrogate) are shown as U+FFFD; the rest is exact.
        assertThat(ids).containsExactly("web\"><script>alert(1)</script>", "web_\uFFFD[31mred\uFFFD", "web_&amp;_'q'");
        assertThat(xml.text("//h1/code")).isEqualTo("shop\"><b>bold</b>");
        assertThat(xml.text("//p[@class='message']")).isEqualTo("<marquee>failed</marquee>");
        assertThat(xml.all("//table[@id='instances']/tbody/tr/td[4]")).extracting(Element::getTextContent)
                .containsOnly("<i>2</i>");
        assertThat(xml.all("//td[@class='error']")).extracting(Element::getTextContent).containsOnly(
                "upgrade failed: </td></tr></table><script>alert(2)</script>\uFFFD\uFFFD");
    }

    @Test
    void aResumedRunShowsThePutBackBeforeTheBatchesAndParallelInstancesSideBySide() {
        RolloutRecord record = Rollouts.resumedRun();
        ReportXml xml = ReportXml.parse(writer.render(record));

        assertThat(classesOfPhases(xml, "web_2")).containsExactly("phase establish", "phase unlink", "phase upgrade",
                "phase establish");
        assertThat(xml.text(TIMELINE + "/g[@data-instance='web_1']/text[@class='lane-note']")).isEqualTo("skipped");
        assertThat(xml.text("//tr[@data-instance='web_2']/td[last()]")).contains("put back before anything else");

        Axis axis = axis(xml, TIMELINE);
        // Batch 1 starts at its first unlink, after the put-back, not at the put-back itself.
        InstanceReport web2 = record.summary().instance("web_2").orElseThrow();
        List<Element> batches = xml.all(TIMELINE + "//line[@class='batch-start']");
        assertThat(batches).extracting(e -> e.getAttribute("data-batch")).containsExactly("1", "2");
        assertThat(number(batches.get(0), "x1")).isCloseTo(axis.x(Rollouts.T0, web2.phases().get(1).startedAt()),
                within(TOLERANCE));
        // web_3 was drained while web_2 was still out: the bars overlap in time.
        Element web2Upgrade = xml.one(TIMELINE + "/g[@data-instance='web_2']/rect[" + hasClass("upgrade") + "]");
        Element web3Unlink = xml.one(TIMELINE + "/g[@data-instance='web_3']/rect[" + hasClass("unlink") + "]");
        assertThat(number(web3Unlink, "x")).isLessThan(number(web2Upgrade, "x") + number(web2Upgrade, "width"));

        assertThat(xml.all("//svg[@id='version-mix'] | //svg[@id='failures']")).isEmpty();
        assertThat(xml.text("//p[@class='no-probe']")).contains("No load probe ran");
    }

    @Test
    void inARollbackRunSteppingBackIsTheOperationNotAnAutoRollback() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.rollbackRun()));

        assertThat(classesOfPhases(xml, "web_1")).containsExactly("phase unlink", "phase rollback", "phase establish");
        assertThat(xml.all(TIMELINE + "//line[@class='batch-start']")).hasSize(2);
        assertThat(xml.all(TIMELINE + "//line[@class='rollback-start']")).isEmpty();
        assertThat(xml.all("//tr/td/span[" + hasClass("status") + "]")).extracting(e -> e.getAttribute("class"))
                .containsOnly("status ok");
    }

    @Test
    void aRunWhereNothingRanStillGivesAReport() {
        ReportXml xml = ReportXml.parse(writer.render(Rollouts.nothingRan()));

        assertThat(xml.all(TIMELINE + "//rect[" + hasClass("phase") + "]")).isEmpty();
        assertThat(xml.text(TIMELINE + "/g[@data-instance='web_1']/text[@class='lane-note']")).isEqualTo("skipped");
        assertThat(axis(xml, TIMELINE).ticks()).isNotEmpty();
    }

    @Test
    void theReportIsSelfContainedAndNeedsNoScript() {
        String html = writer.render(Rollouts.cleanWithProbe());
        ReportXml xml = ReportXml.parse(html);

        assertThat(xml.all("//script | //link | //img | //iframe | //object | //embed | //use | //image")).isEmpty();
        for (Element e : xml.all("//*")) {
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                if (!a.getName().equals("xmlns")) {
                    assertThat(a.getName()).as("event handler attribute").doesNotStartWith("on");
                    assertThat(a.getValue()).as("%s of %s", a.getName(), e.getTagName())
                            .doesNotContain("://").doesNotStartWith("//");
                }
            }
        }
        Matcher urls = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (urls.find()) {
            assertThat(urls.group(1)).as("CSS url()").startsWith("#");
        }
        assertThat(html).doesNotContain("@import");
    }

    @Test
    void drawingTheSameRecordTwiceGivesTheSameReport() {
        assertThat(writer.render(Rollouts.canaryFailureWithAutoRollback()))
                .isEqualTo(writer.render(Rollouts.canaryFailureWithAutoRollback()));
    }

    @Test
    void writeReplacesTheFileWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reports/rollout.html");
        RolloutRecord record = Rollouts.resumedRun();

        assertThat(writer.write(record, file)).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo(writer.render(record));
        writer.write(Rollouts.cleanWithProbe(), file);
        assertThat(Files.readString(file)).isEqualTo(writer.render(Rollouts.cleanWithProbe()));
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("rollout.html");
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedAndNothingIsLeftBehind(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "keep me");

        assertThatThrownBy(() -> writer.write(Rollouts.resumedRun(), notADirectory.resolve("report.html")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not write the rollout report to " + notADirectory.resolve("report.html"));
        assertThat(Files.readString(notADirectory)).isEqualTo("keep me");
        try (var listing = Files.list(dir)) {
            assertThat(listing.sorted(Comparator.naturalOrder()).toList()).containsExactly(notADirectory);
        }
    }
}
