package io.webappupgrade.rollout.record;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an instance ended up after a run. */
public enum InstanceStatus {
    /** Dry run: would be processed. */
    PLANNED,
    /** Moved to the target release and back in the load balancer. */
    UPGRADED,
    /** Left alone; the report says why. */
    SKIPPED,
    /** Its operation failed; it is back in the load balancer on whichever release it serves. */
    FAILED,
    /** Stepped back one release (a rollback run, or auto-rollback) and back in the load balancer. */
    ROLLED_BACK,
    /** Auto-rollback of it failed; it is back in the load balancer on whichever release it serves. */
    ROLLBACK_FAILED,
    /** Out of the load balancer: putting it back failed or the run was interrupted. Needs a human or a re-run. */
    LEFT_OUT_OF_LB,
    /**
     * The run was interrupted while it worked on it: its step was stopped (or finished) and it was
     * put back in the load balancer, on whichever release it serves. A re-run picks it again.
     */
    INTERRUPTED,
    /** Selected, but the run stopped before reaching it. */
    NOT_STARTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
