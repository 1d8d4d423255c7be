package io.webappupgrade.rollout;

import java.util.List;

/**
 * The deployment's recorded state lacks what the steps need (a missing or foreign state file, an
 * instance never installed): found before the first step, so nothing was run or drained. Maps to
 * exit code {@code 2}, like bad parameters.
 */
public class UnusableStateException extends RuntimeException {

    private final transient List<String> problems;

    public UnusableStateException(String deploymentId, List<String> problems) {
        super(describe(deploymentId, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String describe(String deploymentId, List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an UnusableStateException needs at least one problem");
        }
        return "the recorded state of deployment " + deploymentId + " is not usable, nothing was run or drained: "
                + String.join("; ", problems)
                + ". Check that the state belongs to this deployment and that its instances were installed";
    }
}
