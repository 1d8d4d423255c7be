package io.webappupgrade.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRolloutJournalTest {

    @TempDir
    Path dir;

    private static RolloutParameters upgrade(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("version", "2.0",
                "url", "https://user:pa55word@example.com/app.tgz"));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return RolloutParameters.forUpgrade(m);
    }

    @Test
    void savesLoadsAndClearsState() {
        FileRolloutJournal journal = new FileRolloutJournal(dir.resolve("journals"));
        JournalKey key = JournalKey.of("shop", upgrade());
        JournalState state = new JournalState(List.of("web_3"), List.of("web_1", "web_2"), List.of("web_9"));

        assertThat(journal.load(key)).isEmpty();
        journal.save(key, state);
        assertThat(new FileRolloutJournal(dir.resolve("journals")).load(key)).contains(state);

        journal.save(key, JournalState.EMPTY.completed("web_1"));
        assertThat(journal.load(key)).contains(new JournalState(List.of(), List.of("web_1"), List.of()));

        journal.clear(key);
        assertThat(journal.load(key)).isEmpty();
        journal.clear(key);
    }

    @Test
    void writesReplaceTheFileWholeAndLeaveNoTemporaryFilesBehind() throws IOException {
        FileRolloutJournal journal = new FileRolloutJournal(dir);
        JournalKey key = JournalKey.of("shop", upgrade());
        for (int i = 0; i < 50; i++) {
            journal.save(key, JournalState.EMPTY.takenOut("web_" + i).completed("web_x"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(journal.fileFor(key));
        }
        String text = Files.readString(journal.fileFor(key));
        assertThat(text).contains("\"out_of_load_balancer\" : [ \"web_49\" ]").contains("\"format\" : 1");
    }

    @Test
    void theFileNameCarriesTheDeploymentButNeverTheUrl() {
        FileRolloutJournal journal = new FileRolloutJournal(dir);
        JournalKey key = JournalKey.of("shop/eu west", upgrade());
        journal.save(key, JournalState.EMPTY.takenOut("web_1"));

        assertThat(journal.fileFor(key).getFileName().toString()).matches("rollout-shop_eu_west-[0-9a-f]{16}\\.json");
        assertThat(journal.fileFor(key).toString()).doesNotContain("pa55word");
    }

    @Test
    void aFileOfAnotherKeyIsNotMistakenForOurs() throws IOException {
        FileRolloutJournal journal = new FileRolloutJournal(dir);
        JournalKey ours = JournalKey.of("shop", upgrade());
        JournalKey other = new JournalKey("shop", ours.digest().substring(0, 16) + "0".repeat(48));
        journal.save(other, JournalState.EMPTY.takenOut("web_1"));

        assertThat(journal.fileFor(other)).isEqualTo(journal.fileFor(ours));
        assertThat(journal.load(ours)).isEmpty();
    }

    @Test
    void anUnreadableFileIsAClearError() throws IOException {
        FileRolloutJournal journal = new FileRolloutJournal(dir);
        JournalKey key = JournalKey.of("shop", upgrade());
        Files.writeString(journal.fileFor(key), "{\"out_of_load_balancer\": [\"web_1\"");

        assertThatThrownBy(() -> journal.load(key)).hasMessageStartingWith("rollout journal " + journal.fileFor(key)
                + " cannot be read").hasMessageContaining("check them, then delete the file to start afresh");
    }

    @Test
    void theKeyFollowsWhatTheRunDoesNotHowFastItGoes() {
        JournalKey key = JournalKey.of("shop", upgrade());

        assertThat(JournalKey.of("shop", upgrade("delay", 30, "batch_size", "50%", "max_failures", 2,
                "auto_rollback", false, "drain_timeout", 5, "dry_run", true))).isEqualTo(key);
        assertThat(JournalKey.of("shop", upgrade("node_ids", "b,a"))).isEqualTo(JournalKey.of("shop", upgrade("node_ids", "a,b")));
        assertThat(List.of(
                JournalKey.of("shop2", upgrade()),
                JournalKey.of("shop", upgrade("version", "2.1")),
                JournalKey.of("shop", upgrade("url", "https://example.com/other.tgz")),
                JournalKey.of("shop", upgrade("sha256", "0".repeat(64))),
                JournalKey.of("shop", upgrade("percentage", 50)),
                JournalKey.of("shop", upgrade("lb_relationship", "x.y")),
                JournalKey.of("shop", upgrade("node_ids", "web")),
                JournalKey.of("shop", upgrade("instance_ids", "web_1")),
                JournalKey.of("shop", RolloutParameters.forRollback(Map.of()))))
                .doesNotContain(key).doesNotHaveDuplicates();
    }

    @Test
    void theFileKeepsItsLayoutSoFilesOfEarlierVersionsStillLoad() throws IOException {
        FileRolloutJournal journal = new FileRolloutJournal(dir);
        JournalKey key = JournalKey.of("shop", upgrade());
        String layout = "{\n"
                + "  \"format\" : 1,\n"
                + "  \"deployment_id\" : \"shop\",\n"
                + "  \"digest\" : \"" + key.digest() + "\",\n"
                + "  \"out_of_load_balancer\" : [ \"web_3\" ],\n"
                + "  \"completed\" : [ \"web_1\", \"web_2\" ],\n"
                + "  \"failed\" : [ ]\n"
                + "}";
        JournalState state = new JournalState(List.of("web_3"), List.of("web_1", "web_2"), List.of());

        journal.save(key, state);
        assertThat(Files.readString(journal.fileFor(key))).isEqualTo(layout);

        Files.writeString(journal.fileFor(key), layout.replace("\"failed\" : [ ]", "\"failed\" : [ \"web_9\" ]"));
        assertThat(journal.load(key)).contains(new JournalState(List.of("web_3"), List.of("web_1", "web_2"),
                List.of("web_9")));
        Files.writeString(journal.fileFor(key), layout.replace("[ \"web_3\" ]", "\"web_3\""));
        assertThatThrownBy(() -> journal.load(key)).hasMessageContaining("'out_of_load_balancer' is not a list");
    }

    @Test
    void anInterruptedThreadCanStillRecordItsState() {
        FileRolloutJournal journal = new FileRolloutJournal(dir);
        JournalKey key = JournalKey.of("shop", upgrade());
        Thread.currentThread().interrupt();
        try {
            journal.save(key, JournalState.EMPTY.takenOut("web_1"));
        } finally {
            assertThat(Thread.interrupted()).as("flag left as it was").isTrue();
        }
        assertThat(journal.load(key).orElseThrow().outOfLoadBalancer()).containsExactly("web_1");
    }
}
