package io.webappupgrade.rollout;

/**
 * How many instances a batch takes out of the load balancer together: a count ({@code 2}) or a
 * share of the selected instances ({@code 25%}).
 */
public record BatchSize(int value, boolean percent) {

    public static final BatchSize ONE = new BatchSize(1, false);

    public BatchSize {
        if (value < 1 || (percent && value > 100)) {
            throw new IllegalArgumentException("batch size must be a count of at least 1 or a percentage from 1% to 100%");
        }
    }

    /** Instances per batch when {@code selected} instances are to be processed: a percent rounds down, but at least 1. */
    public int instancesPerBatch(int selected) {
        if (!percent) {
            return value;
        }
        return Math.max(1, (int) ((long) selected * value / 100));
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
