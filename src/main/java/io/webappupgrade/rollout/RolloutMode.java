package io.webappupgrade.rollout;

/** What a run does to each selected instance; each mode is one Cloudify workflow. */
public enum RolloutMode {
    /** Moves instances to a given release. */
    UPGRADE("webapp_upgrade"),
    /** Steps instances back one release. */
    ROLLBACK("webapp_rollback");

    private final String workflow;

    RolloutMode(String workflow) {
        this.workflow = workflow;
    }

    /** The workflow's name in plugin.yaml. */
    public String workflow() {
        return workflow;
    }
}
