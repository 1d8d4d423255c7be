package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UrlRedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://user:pw@example.com/r.tgz|https://***@example.com/r.tgz",
        "https://token@example.com/r.tgz|https://***@example.com/r.tgz",
        "https://example.com/r.tgz?sig=abc&Expires=10|https://example.com/r.tgz?sig=***&Expires=***",
        "https://u:p@example.com/a/b.tgz?x=1#frag|https://***@example.com/a/b.tgz?x=***#frag",
        "https://example.com/r.tgz|https://example.com/r.tgz",
        "/srv/releases/r.tgz|/srv/releases/r.tgz",
        "file:///srv/r.tgz|file:///srv/r.tgz",
        "https://example.com/user@host/r.tgz|https://example.com/user@host/r.tgz",
    })
    void redactsUserInfoAndQueryValues(String url, String redacted) {
        assertThat(UrlRedactor.redact(url)).isEqualTo(redacted);
    }

    @Test
    void scrubsSecretsQuotedPiecewiseByOtherMessages() {
        String url = "https://deploy:hunter2hunter2@example.com/r.tgz?token=abcdef123";
        String libraryMessage = "failed to connect to https://deploy:hunter2hunter2@example.com/r.tgz?token=abcdef123"
                + " (password hunter2hunter2, token abcdef123)";

        String scrubbed = UrlRedactor.scrub(libraryMessage, url);

        assertThat(scrubbed).doesNotContain("hunter2hunter2").doesNotContain("abcdef123")
                .contains("https://***@example.com/r.tgz?token=***");
    }
}
