package io.webappupgrade.rollout.record;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** One step of processing an instance. */
public enum Phase {
    /** {@code webapp_upgrade.prepare}: the release fetched and unpacked while the instance still serves. */
    PREPARE,
    /** Out of the load balancer, drained. */
    UNLINK,
    /** {@code webapp_upgrade.upgrade}. */
    UPGRADE,
    /** Back into the load balancer. */
    ESTABLISH,
    /** {@code webapp_upgrade.rollback}. */
    ROLLBACK;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
