package io.webappupgrade.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Takes the instances of the next batch from those still to do, as the drain order says. */
final class NextBatch {

    private NextBatch() {
    }

    /**
     * Removes {@code size} instances from {@code pending} (the instances still to do, in the plan's
     * order) and returns them as batch {@code number}, in the plan's order among themselves. With
     * {@link DrainOrder#FEWEST_SESSIONS} they are those with the fewest sessions in flight (ties:
     * the plan's order); the plan's first ones when any load balancer cannot tell, or when there is
     * no choice to make (then nothing is read).
     */
    static Batch take(int number, int size, List<PlannedInstance> pending, DrainOrder order, BalancerReadings readings)
            throws InterruptedException {
        List<PlannedInstance> chosen = new ArrayList<>(inPlanOrder(pending, size));
        int n = chosen.size();
        if (order == DrainOrder.FEWEST_SESSIONS && pending.size() > n) {
            leastBusy(pending, n, readings).ifPresent(least -> {
                chosen.clear();
                chosen.addAll(least);
            });
        }
        pending.removeAll(new HashSet<>(chosen));
        return new Batch(number, chosen.stream().map(i -> i.inBatch(number)).toList());
    }

    /** The first {@code size} of {@code pending}: what a batch takes in the plan's order. */
    static List<PlannedInstance> inPlanOrder(List<PlannedInstance> pending, int size) {
        return pending.subList(0, Math.min(size, pending.size()));
    }

    private static Optional<List<PlannedInstance>> leastBusy(List<PlannedInstance> pending, int n,
            BalancerReadings readings) throws InterruptedException {
        List<Ranked> ranked = new ArrayList<>();
        for (int k = 0; k < pending.size(); k++) {
            OptionalLong sessions = readings.sessions(pending.get(k));
            if (sessions.isEmpty()) {
                return Optional.empty();
            }
            ranked.add(new Ranked(pending.get(k), sessions.getAsLong(), k));
        }
        return Optional.of(ranked.stream()
                .sorted(Comparator.comparingLong(Ranked::sessions).thenComparingInt(Ranked::position))
                .limit(n)
                .sorted(Comparator.comparingInt(Ranked::position))
                .map(Ranked::instance)
                .toList());
    }

    private record Ranked(PlannedInstance instance, long sessions, int position) {
    }
}
