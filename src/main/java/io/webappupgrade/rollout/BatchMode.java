package io.webappupgrade.rollout;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * When the next instances leave the load balancer. Both keep at most a batch's size out at once and
 * check {@code min_serving} before each one leaves; they differ in what the run waits for.
 */
public enum BatchMode {

    /**
     * Each next instance is taken as soon as one of those out is back in, as Kubernetes'
     * {@code maxUnavailable} and Nomad's {@code max_parallel} do: one slow drain holds up one slot,
     * not a whole batch. Runs as {@link #LOCKSTEP} across a delay or a verification window (they
     * follow a whole batch) and where the deployment runs one operation at a time.
     */
    ROLLING("rolling"),
    /** Each batch starts when the whole batch before it is back in, as Ansible's {@code serial} does. */
    LOCKSTEP("lockstep");

    private final String wireName;

    BatchMode(String wireName) {
        this.wireName = wireName;
    }

    /** The parameter value: {@code rolling} or {@code lockstep}. */
    public String wireName() {
        return wireName;
    }

    static Optional<BatchMode> fromWireName(String text) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(text)).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(BatchMode::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
