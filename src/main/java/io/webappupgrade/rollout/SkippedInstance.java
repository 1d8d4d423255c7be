package io.webappupgrade.rollout;

/**
 * A candidate instance the run leaves alone, and why.
 *
 * @param currentVersion its {@code app_version}, null when not recorded
 */
public record SkippedInstance(String instanceId, String nodeId, String currentVersion, String reason) {
}
