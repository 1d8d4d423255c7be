/**
 * The rollout report, drawn from a run's {@link io.webappupgrade.rollout.record.RolloutSummary} alone
 * (plus, when a load probe ran, its {@link io.webappupgrade.report.ProbeTimeline}), kept together as a
 * {@link io.webappupgrade.report.RolloutRecord} JSON document so a report can be drawn again later.
 *
 * <ul>
 *   <li>{@link io.webappupgrade.report.ReportWriter}: a self-contained HTML page with inline SVG and
 *       CSS (no script, no external asset): a timeline per instance, batches and delays, the version
 *       users got and failed requests over time, and a table per instance;</li>
 *   <li>{@link io.webappupgrade.report.TerminalTimeline}: the same timeline as plain text for a terminal;</li>
 *   <li>{@link io.webappupgrade.report.ProbeRecorder} and {@link io.webappupgrade.report.ProbeTimeline#of}:
 *       a load probe's requests counted into time slices.</li>
 * </ul>
 * All text from a run (instance ids, versions, error messages) is escaped in HTML and stripped of
 * control characters in the terminal.
 */
package io.webappupgrade.report;
