package io.webappupgrade.cli;

import io.webappupgrade.webapp.UrlRedactor;
import java.util.Arrays;
import java.util.stream.Collectors;

/** This process's command line as a lock file shows it to a refused run: URLs without their secrets. */
final class CommandLineText {

    private CommandLineText() {
    }

    static String thisCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        return describeCommand(info.command().orElse("java"), info.arguments().orElse(new String[0]));
    }

    static String describeCommand(String command, String[] args) {
        String line = command + " " + Arrays.stream(args).map(CommandLineText::withoutSecrets).collect(Collectors.joining(" "));
        return line.strip();
    }

    /** {@code https://user:pw@host/a?sig=x} and {@code --url=https://...} lose their credentials and query values. */
    private static String withoutSecrets(String arg) {
        if (!arg.contains("://")) {
            return arg;
        }
        int eq = arg.indexOf('=');
        if (arg.startsWith("-") && eq > 0 && eq < arg.indexOf("://")) {
            return arg.substring(0, eq + 1) + UrlRedactor.redact(arg.substring(eq + 1));
        }
        return UrlRedactor.redact(arg);
    }
}
