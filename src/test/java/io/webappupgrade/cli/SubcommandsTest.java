package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.agent.AgentOperations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only the subcommand a command line names is built; the root's help and errors still know them all. */
class SubcommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli("test", AgentOperations.registry("test"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false).run(args);
    }

    @Test
    void theRootsHelpListsEverySubcommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rollout", "rollback", "status", "install",
                "uninstall", "demo", "report", "operations", "workflow");
    }

    @Test
    void aNamedSubcommandParsesItsOwnOptions() {
        // (a subcommand's help and parse errors go to the process's own streams, as before)
        assertThat(run("rollback", "--help")).isZero();
        assertThat(run("status", "--no-such-option")).isEqualTo(2);
    }

    @Test
    void aMistypedSubcommandIsAUsageErrorThatSuggestsTheRightOne() {
        assertThat(run("rolout")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("rolout").contains("rollout");
    }
}
