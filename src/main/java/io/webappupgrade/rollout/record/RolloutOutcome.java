package io.webappupgrade.rollout.record;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a run ended, with the process exit code a pipeline can branch on:
 * <ul>
 *   <li>{@code 0}: success: {@link #SUCCEEDED}, {@link #SUCCEEDED_WITH_FAILURES} (failures within
 *       {@code max_failures}), {@link #NOTHING_TO_DO}, {@link #DRY_RUN};</li>
 *   <li>{@code 1}: the rollout failed and stopped: {@link #ROLLED_BACK} (auto-rollback put the
 *       instances it had upgraded back on their previous release) or {@link #FAILED};</li>
 *   <li>{@code 2}: {@link #INVALID_PARAMETERS}: nothing was run;</li>
 *   <li>{@code 3}: {@link #LEFT_OUT_OF_LB}: at least one instance is out of the load balancer and needs
 *       a human (or a re-run with the same parameters, which puts it back first). Wins over 1 and 4;</li>
 *   <li>{@code 4}: {@link #CANCELLED}: the run was interrupted; every instance is back in the load balancer;</li>
 *   <li>{@code 5}: {@link #REFUSED_MIN_SERVING}: the next batch was not taken out because the load
 *       balancer would have had fewer than {@code min_serving} servers UP besides it; nothing is out of
 *       the load balancer; also when the deployment refused the next batch (another execution holds
 *       it on a manager, in the REST per-step mode): again nothing is out.</li>
 * </ul>
 */
public enum RolloutOutcome {
    SUCCEEDED(0),
    SUCCEEDED_WITH_FAILURES(0),
    NOTHING_TO_DO(0),
    DRY_RUN(0),
    FAILED(1),
    ROLLED_BACK(1),
    INVALID_PARAMETERS(2),
    LEFT_OUT_OF_LB(3),
    CANCELLED(4),
    REFUSED_MIN_SERVING(5);

    private final int exitCode;

    RolloutOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
