package io.webappupgrade.rollout;

/** One thing wrong with one rollout parameter; {@code message} names the parameter and what is allowed. */
public record ParameterProblem(String parameter, String message) {

    @Override
    public String toString() {
        return message;
    }
}
