package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the lock file says of the run holding it: the command line, never a secret of a URL. */
class CommandLineTextTest {

    @Test
    void theCommandLineKeepsItsShapeButNotTheSecretsOfItsUrls() {
        String line = CommandLineText.describeCommand("/usr/bin/java", new String[] {"-jar", "agent.jar", "rollout",
            "--local", "shop.yaml", "--version", "2.0.0", "--url", "https://ci:s3cret@releases.example.com/shop.tgz?sig=abc",
            "--probe=http://u:pw@127.0.0.1:8080/"});
        assertThat(line)
                .startsWith("/usr/bin/java -jar agent.jar rollout --local shop.yaml --version 2.0.0 --url https://***@releases")
                .contains("shop.tgz?sig=***")
                .endsWith("--probe=http://***@127.0.0.1:8080/")
                .doesNotContain("s3cret").doesNotContain("abc").doesNotContain("pw@");
    }
}
