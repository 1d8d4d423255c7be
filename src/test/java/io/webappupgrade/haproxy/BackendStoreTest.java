package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend set's file: its layout, what reads back, what is refused. */
class BackendStoreTest {

    private static final String LAYOUT = "[ {\n"
            + "  \"name\" : \"web_1\",\n"
            + "  \"address\" : \"127.0.0.1\",\n"
            + "  \"port\" : 8001,\n"
            + "  \"enabled\" : true\n"
            + "}, {\n"
            + "  \"name\" : \"web_2\",\n"
            + "  \"address\" : \"10.0.0.7\",\n"
            + "  \"port\" : 8002,\n"
            + "  \"enabled\" : false\n"
            + "} ]";

    @TempDir
    Path dir;

    private BackendStore store() {
        return new BackendStore(dir.resolve("haproxy.cfg.backends.json"), dir.resolve("haproxy.cfg.lock"),
                Duration.ofSeconds(5), new JsonValues());
    }

    @Test
    void writesTheLayoutEarlierVersionsWroteAndReadsItBack() throws IOException {
        List<BackendServer> servers = List.of(BackendServer.enabled("web_1", "127.0.0.1", 8001),
                new BackendServer("web_2", "10.0.0.7", 8002, false));
        store().write(servers);

        assertThat(Files.readString(dir.resolve("haproxy.cfg.backends.json"))).isEqualTo(LAYOUT);
        assertThat(store().read()).isEqualTo(servers);
    }

    @Test
    void anInterruptedThreadStillReadsAndWritesTheSet() {
        BackendStore store = store();
        Thread.currentThread().interrupt();
        try {
            store.write(List.of(BackendServer.enabled("web_1", "127.0.0.1", 8001)));
            assertThat(store.read()).extracting(BackendServer::name).containsExactly("web_1");
        } finally {
            assertThat(Thread.interrupted()).as("flag left as it was").isTrue();
        }
    }

    @Test
    void aFileNotInTheSetsShapeIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("haproxy.cfg.backends.json");
        Files.writeString(file, LAYOUT.replace("8002", "\"8002\""));
        assertThatThrownBy(() -> store().read()).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not read the backend set " + file)
                .hasMessageContaining("{name, address, port, enabled}");

        Files.writeString(file, LAYOUT.replace("10.0.0.7", "db.example.com"));
        assertThatThrownBy(() -> store().read()).hasMessageContaining("could not read the backend set")
                .hasMessageContaining("db.example.com");

        Files.writeString(file, "{}");
        assertThatThrownBy(() -> store().read()).hasMessageContaining("expected a list of servers");
    }
}
