/**
 * The rolling-upgrade engine: {@link io.webappupgrade.rollout.RolloutParameters} (validated input),
 * {@link io.webappupgrade.rollout.Planner} (which instances, in which batches),
 * {@link io.webappupgrade.rollout.RolloutEngine} (the load-balancer-aware run, auto-rollback, resume),
 * {@link io.webappupgrade.rollout.RolloutListener} (progress) and
 * {@link io.webappupgrade.rollout.record.RolloutSummary} (the result, as JSON, in its own package). It
 * talks to a deployment only through {@link io.webappupgrade.deployment.Deployment}.
 */
package io.webappupgrade.rollout;
