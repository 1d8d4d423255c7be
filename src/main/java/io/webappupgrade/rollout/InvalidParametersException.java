package io.webappupgrade.rollout;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The rollout parameters were refused, all problems listed at once; nothing was run.
 * Maps to exit code {@code 2} ({@link RolloutOutcome#INVALID_PARAMETERS}).
 */
public class InvalidParametersException extends RuntimeException {

    private final transient List<ParameterProblem> problems;

    public InvalidParametersException(List<ParameterProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidParametersException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ParameterProblem> problems() {
        return problems;
    }

    private static String describe(List<ParameterProblem> problems) {
        if (problems.size() == 1) {
            return "invalid rollout parameter: " + problems.get(0).message() + "; nothing was changed";
        }
        return problems.stream().map(p -> "  - " + p.message())
                .collect(Collectors.joining("\n", problems.size() + " invalid rollout parameters (nothing was changed):\n", ""));
    }
}
