package io.webappupgrade.rollout.record;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed upgrade after which the instance serves its previous release again: the upgrade
 * operation, when the new release never got healthy, restarted the one before and said so on its
 * error's last line ({@code Release 1.0.0 is serving again.}). The error is what every runtime
 * (bridge, REST, local) hands back from an operation, so that is where the progress text reads it.
 * This is not a rollback by the run: the run's own rollbacks are {@link InstanceStatus#ROLLED_BACK}.
 */
public final class RestoredRelease {

    private static final Pattern SERVING_AGAIN = Pattern.compile("(?m)^Release (\\S+) is serving again\\.");

    private RestoredRelease() {
    }

    /** The release a failed instance serves again, if its upgrade put it back. */
    public static Optional<String> of(InstanceReport report) {
        if (report.status() != InstanceStatus.FAILED || report.error() == null) {
            return Optional.empty();
        }
        Matcher m = SERVING_AGAIN.matcher(report.error());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static long count(List<InstanceReport> reports) {
        return reports.stream().filter(r -> of(r).isPresent()).count();
    }
}
