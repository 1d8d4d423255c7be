package io.webappupgrade.haproxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Asks HAProxy itself whether a config file is valid ({@code haproxy -c -f FILE}). */
public final class ConfigValidator implements ConfigCheck {

    private final String haproxyBinary;
    private final CommandRunner runner;

    public ConfigValidator(String haproxyBinary) {
        this.haproxyBinary = haproxyBinary;
        this.runner = new CommandRunner(Duration.ofSeconds(30));
    }

    /** @throws InvalidConfigException with HAProxy's alerts when the file is not valid */
    @Override
    public void check(Path config) {
        CommandRunner.Result result = runner.run(List.of(haproxyBinary, "-c", "-f", config.toString()));
        if (!result.succeeded()) {
            String alerts = result.output().lines()
                    .filter(l -> l.contains("[ALERT]") || l.contains("[WARNING]"))
                    .limit(10)
                    .collect(Collectors.joining("\n"));
            throw new InvalidConfigException("haproxy -c refused the config (exit " + result.exitCode() + "): "
                    + (alerts.isEmpty() ? result.output().strip() : alerts));
        }
    }
}
