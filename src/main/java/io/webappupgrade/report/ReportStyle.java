package io.webappupgrade.report;

/**
 * The report's look, inline so the file opens anywhere offline. Phase colours are the Okabe-Ito
 * palette and version colours Paul Tol's muted palette, both told apart with the common kinds of
 * colour blindness; a failed phase is also hatched, so it does not rely on colour alone. Steps
 * inside an upgrade or rollback bar take the Okabe-Ito colours the phases leave free plus two of
 * Paul Tol's, far apart in lightness too; a failed step is hatched like a failed phase.
 */
final class ReportStyle {

    /** Version colours, oldest version first; further versions share {@code v-other}. */
    static final int VERSION_COLOURS = 6;

    /** Kept free of '&lt;' and '&amp;' so it is the same text to an HTML and an XML reader. */
    static final String CSS = """
            :root { color-scheme: light; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   color: #1f2328; background: #fff; margin: 0; }
            main { max-width: 1220px; margin: 0 auto; padding: 16px 20px 40px; }
            h1 { font-size: 22px; margin: 8px 0 4px; }
            h1 code { font-size: 20px; }
            h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
            p.message { font-size: 15px; margin: 4px 0 12px; }
            .facts { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0; }
            .facts div { display: flex; gap: 6px; }
            .facts dt { color: #57606a; }
            .facts dd { margin: 0; font-weight: 600; }
            .outcome { display: inline-block; padding: 1px 10px; border-radius: 12px; font-size: 14px;
                       font-weight: 600; vertical-align: middle; border: 1px solid; }
            .ok { background: #dafbe1; color: #0f5323; border-color: #4ac26b; }
            .bad { background: #ffebe9; color: #82071e; border-color: #ff8182; }
            .warn { background: #fff8c5; color: #6a4a00; border-color: #d4a72c; }
            .neutral { background: #f6f8fa; color: #1f2328; border-color: #d0d7de; }
            .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 6px 0; }
            .legend li { display: flex; align-items: center; gap: 6px; }
            .legend svg { width: 16px; height: 16px; }
            svg.chart { display: block; width: 100%; height: auto; max-width: 1180px; }
            svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1f2328; }
            .lane-bg { fill: #f6f8fa; }
            .lane-bg.odd { fill: #ffffff; }
            .lane-label { text-anchor: end; }
            .lane-note { fill: #57606a; font-style: italic; }
            .phase { stroke-width: 1px; }
            .phase.prepare { fill: #88CCEE; stroke: #88CCEE; }
            .phase.unlink { fill: #E69F00; stroke: #E69F00; }
            .phase.upgrade { fill: #0072B2; stroke: #0072B2; }
            .phase.establish { fill: #009E73; stroke: #009E73; }
            .phase.rollback { fill: #CC79A7; stroke: #CC79A7; }
            .phase.failed { fill: url(#hatch-failed); stroke: #D55E00; }
            .step { stroke: #ffffff; stroke-width: 0.75px; }
            .step.step-install { fill: #56B4E9; }
            .step.step-stop { fill: #F0E442; }
            .step.step-start { fill: #BBCC33; }
            .step.step-health { fill: #332288; }
            .step.failed { fill: url(#hatch-failed); stroke: #5a1f00; }
            .delay { fill: #e4e8ec; }
            .delay-label { fill: #57606a; }
            .verify-window.pass { fill: rgba(0, 158, 115, 0.14); }
            .verify-window.breach { fill: rgba(213, 94, 0, 0.22); }
            .window-label { fill: #3b4048; font-size: 11px; }
            .batch-start { stroke: #57606a; stroke-dasharray: 3 3; }
            .rollback-start { stroke: #D55E00; stroke-width: 2px; stroke-dasharray: 6 3; }
            .rollback-label { fill: #9a3a00; font-weight: 600; }
            .axis line.baseline { stroke: #57606a; }
            .tick { stroke: #57606a; }
            .grid { stroke: #d0d7de; stroke-width: 0.5px; }
            .tick-label { text-anchor: middle; fill: #57606a; }
            .y-label { text-anchor: end; fill: #57606a; }
            .v0 { fill: #88CCEE; } .v1 { fill: #332288; } .v2 { fill: #DDCC77; }
            .v3 { fill: #117733; } .v4 { fill: #AA4499; } .v5 { fill: #44AA99; }
            .v-other { fill: #999933; } .v-unknown { fill: #bbbbbb; }
            .failed-bar { fill: #D55E00; }
            .mix, .failed-bar { shape-rendering: crispEdges; }
            .no-data { fill: #57606a; font-style: italic; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th, td { border-bottom: 1px solid #d0d7de; padding: 5px 8px; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; font-weight: 600; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.error { color: #82071e; max-width: 360px; overflow-wrap: anywhere; }
            .notes { color: #57606a; font-size: 12px; display: block; }
            .status { padding: 0 6px; border-radius: 8px; border: 1px solid; white-space: nowrap; }
            code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
            footer { margin-top: 28px; color: #57606a; font-size: 12px; }
            """;

    private ReportStyle() {
    }

    /** The badge class for an outcome or status word. */
    static String tone(String wireName) {
        return switch (wireName) {
            case "succeeded", "upgraded", "nothing_to_do" -> "ok";
            case "failed", "rolled_back", "rollback_failed", "left_out_of_lb", "invalid_parameters" -> "bad";
            case "succeeded_with_failures", "cancelled", "not_started" -> "warn";
            default -> "neutral";
        };
    }
}
