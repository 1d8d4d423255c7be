package io.webappupgrade.deployment.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file is rewritten when what it records changes, and only then. */
class LocalStateStoreWriteTest {

    @TempDir
    Path tmp;

    @Test
    void aChangeThatChangesNothingLeavesTheFileAsItIs() throws IOException {
        Path file = tmp.resolve("shop.state.json");
        LocalStateStore store = LocalStateStore.open(file);
        store.putState("web_1", "started");
        store.putRuntimeProperties("web_1", Map.of("port", 8080));
        Object written = identity(file);

        store.putState("web_1", "started");
        store.putRuntimeProperties("web_1", Map.of("port", 8080));
        store.putRuntimeProperty("web_1", "port", 8080);

        // every write goes to a new file renamed over the old one: the same file means no write
        assertThat(identity(file)).isEqualTo(written);

        store.putRuntimeProperty("web_1", "port", 8081);

        assertThat(identity(file)).isNotEqualTo(written);
        assertThat(LocalStateStore.open(file).get("web_1").runtimeProperties()).containsEntry("port", 8081);
    }

    @Test
    void theFileKeepsItsLayoutAndAnInterruptedOperationStillRecordsItsState() throws IOException {
        Path file = tmp.resolve("shop.state.json");
        LocalStateStore store = LocalStateStore.open(file);
        Thread.currentThread().interrupt();
        try {
            store.putState("web_1", "started");
            store.putRuntimeProperties("web_1", Map.of("port", 8080));
        } finally {
            assertThat(Thread.interrupted()).as("flag left as it was").isTrue();
        }

        assertThat(Files.readString(file)).isEqualTo("{\n"
                + "  \"web_1\" : {\n"
                + "    \"state\" : \"started\",\n"
                + "    \"runtimeProperties\" : {\n"
                + "      \"port\" : 8080\n"
                + "    }\n"
                + "  }\n"
                + "}");
    }

    private static Object identity(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }
}
