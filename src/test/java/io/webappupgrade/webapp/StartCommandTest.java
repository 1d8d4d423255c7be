package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.ctx.NonRecoverableError;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartCommandTest {

    private static final StartCommand.Placeholders VALUES =
            new StartCommand.Placeholders(8081, "127.0.0.1", "2.1.0", "/srv/app/releases/2.1.0");

    @Test
    void substitutesEveryPlaceholderInEachArgument() {
        StartCommand command = new StartCommand(List.of("java", "-Dserver.port={port}", "-jar",
                "{release_dir}/app-{version}.jar", "--bind={address}:{port}"));

        assertThat(command.resolve(VALUES)).containsExactly("java", "-Dserver.port=8081", "-jar",
                "/srv/app/releases/2.1.0/app-2.1.0.jar", "--bind=127.0.0.1:8081");
    }

    @Test
    void keepsArgumentsWholeAndValuesLiteral() {
        StartCommand command = new StartCommand(List.of("node", "server.js", "a b; rm -rf /", "$HOME", "{version}"));
        StartCommand.Placeholders odd = new StartCommand.Placeholders(1, "::1", "1.0.0-$x\\1", "/d");

        assertThat(command.resolve(odd)).containsExactly("node", "server.js", "a b; rm -rf /", "$HOME", "1.0.0-$x\\1");
    }

    @Test
    void refusesUnknownPlaceholders() {
        assertThatThrownBy(() -> new StartCommand(List.of("node", "--port={prot}")))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("unknown placeholder {prot}")
                .hasMessageContaining("{port}, {address}, {version} and {release_dir}");
    }

    @Test
    void refusesAnEmptyCommand() {
        assertThatThrownBy(() -> new StartCommand(List.of()))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("start_command must be a non-empty list");
    }
}
