package io.webappupgrade.agent;

import java.util.List;

/**
 * One operation the agent can run.
 *
 * @param name what the script plugin passes as the first argument, for example {@code webapp.upgrade}
 * @param relationship whether it runs as a relationship operation (source and target) rather than a node operation
 * @param inputs the names of the operation inputs it reads (the script plugin passes them as environment variables)
 * @param summary one line for {@code --help}
 */
public record OperationSpec(String name, boolean relationship, List<String> inputs, String summary, Operation body) {

    public OperationSpec {
        inputs = List.copyOf(inputs);
    }

    public static OperationSpec node(String name, String summary, List<String> inputs, Operation body) {
        return new OperationSpec(name, false, inputs, summary, body);
    }

    public static OperationSpec relationship(String name, String summary, List<String> inputs, Operation body) {
        return new OperationSpec(name, true, inputs, summary, body);
    }
}
