package io.webappupgrade.rollout;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which of the instances still to do each batch takes. A batch's drain lasts as long as the
 * longest request its servers have in flight, so taking the least busy servers first makes drains
 * shorter: it changes the order, never which instances the run covers nor how many go per batch.
 */
public enum DrainOrder {

    /**
     * When a batch starts, the instances with the fewest sessions in flight in their load balancers
     * (HAProxy's own count, read through {@code list_servers}), ties in the plan's order. The plan's
     * order when a load balancer cannot tell.
     */
    FEWEST_SESSIONS("fewest_sessions"),
    /** The plan's order: node id, then instance id. */
    PLANNED("planned");

    private final String wireName;

    DrainOrder(String wireName) {
        this.wireName = wireName;
    }

    /** The parameter value: {@code fewest_sessions} or {@code planned}. */
    public String wireName() {
        return wireName;
    }

    static Optional<DrainOrder> fromWireName(String text) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(text)).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(DrainOrder::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
