package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.agent.AgentOperations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rollout and rollback report unknown options and bad values in one message, before opening anything. */
class UnknownOptionsTest {

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Map<String, String> env = Map.of("WEBAPP_UPGRADE_HOME", work.toString(), "PATH", System.getenv("PATH"));
        return new Cli("test", AgentOperations.registry("test"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false).run(args);
    }

    @Test
    void anUnknownOptionAndABadValueAreReportedTogether() {
        Path topology = work.resolve("absent.yaml");

        int code = run("rollout", "--local", topology.toString(), "--version", "2.0.0", "--url", "ftp://x/a.tgz",
                "--percentag", "50", "--delay", "-3", "--min-serving", "-1");

        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(2);
        assertThat(text).startsWith("webapp_upgrade: 5 problem(s), nothing was run: unknown option '--percentag': did"
                + " you mean '--percentage'? see --help for the options; unexpected argument '50' (every value belongs"
                + " to an option); ")
                .contains("parameter 'url' is 'ftp://x/a.tgz'")
                .contains("parameter 'delay' is '-3'")
                .contains("parameter 'min_serving' is '-1'");
        assertThat(Files.exists(topology)).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void rollbackToo() {
        int code = run("rollback", "--local", work.resolve("t.yaml").toString(), "--dry-runn");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("webapp_rollback: 1 problem(s), nothing was run: unknown option '--dry-runn': did you mean"
                        + " '--dry-run'? see --help for the options" + System.lineSeparator());
    }
}
