package io.webappupgrade.haproxy;

import io.webappupgrade.wait.Poll;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * HAProxy run by the host's service manager: this project only writes the config, the service
 * manager owns the process (and its reload, which for the distribution units is hitless too).
 */
final class SystemdHaproxy implements HaproxyRunner {

    private final String service;
    private final String systemctl;
    private final RuntimeApiClient api;
    private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(60));

    SystemdHaproxy(String service, String systemctl, RuntimeApiClient api) {
        this.service = service;
        this.systemctl = systemctl;
        this.api = api;
    }

    @Override
    public void start() {
        systemctl("start");
        Poll.upTo(Duration.ofSeconds(30), Duration.ofMillis(50)).orFail(api::answers,
                () -> "service " + service + " started but its runtime API at " + api.socket() + " does not answer");
    }

    @Override
    public void reload() {
        systemctl("reload");
    }

    @Override
    public void stop() {
        systemctl("stop");
    }

    @Override
    public OptionalLong pid() {
        CommandRunner.Result r = runner.run(List.of(systemctl, "show", "--property=MainPID", "--value", service));
        try {
            long pid = Long.parseLong(r.output().strip());
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void systemctl(String verb) {
        CommandRunner.Result r = runner.run(List.of(systemctl, verb, service));
        if (!r.succeeded()) {
            throw new IllegalStateException("'systemctl " + verb + " " + service + "' failed (exit " + r.exitCode()
                    + "): " + r.output().strip());
        }
    }
}
