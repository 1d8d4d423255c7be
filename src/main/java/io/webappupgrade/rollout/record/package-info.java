/**
 * The record of a run: {@link io.webappupgrade.rollout.record.RolloutSummary} with its instances,
 * phases, steps, delays, totals and outcome, and its JSON form. Plain data with no reference into
 * the engine, so the report and the console read it without knowing how a run is made.
 */
package io.webappupgrade.rollout.record;
