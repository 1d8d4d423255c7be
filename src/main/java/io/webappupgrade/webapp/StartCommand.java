package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command that starts the app, as an argument array (never a shell string, so no argument is
 * ever re-split or interpreted). Each argument may hold the placeholders {@code {port}},
 * {@code {address}}, {@code {version}} and {@code {release_dir}}; any other {@code {name}} is an error,
 * so a typo does not reach the app as literal text.
 */
public record StartCommand(List<String> arguments) {

    public static final List<String> DEFAULT = List.of("node", "server.js");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)}");
    private static final List<String> NAMES = List.of("port", "address", "version", "release_dir");

    public StartCommand {
        if (arguments == null || arguments.isEmpty() || arguments.get(0).isBlank()) {
            throw new NonRecoverableError("start_command must be a non-empty list of arguments whose first item is"
                    + " the program, for example [node, server.js]");
        }
        arguments = List.copyOf(arguments);
        for (String argument : arguments) {
            Matcher m = PLACEHOLDER.matcher(argument);
            while (m.find()) {
                if (!NAMES.contains(m.group(1))) {
                    throw new NonRecoverableError("start_command argument '" + argument + "' has the unknown placeholder {"
                            + m.group(1) + "}: allowed are {port}, {address}, {version} and {release_dir}");
                }
            }
        }
    }

    /** The arguments with each placeholder replaced by its value, taken literally. */
    public List<String> resolve(Placeholders values) {
        Map<String, String> byName = Map.of("port", String.valueOf(values.port()), "address", values.address(),
                "version", values.version(), "release_dir", values.releaseDir());
        List<String> out = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
            out.add(PLACEHOLDER.matcher(argument)
                    .replaceAll(m -> Matcher.quoteReplacement(byName.get(m.group(1)))));
        }
        return List.copyOf(out);
    }

    /** The values placeholders stand for. */
    public record Placeholders(int port, String address, String version, String releaseDir) {
    }
}
