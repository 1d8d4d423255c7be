package io.webappupgrade.deployment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file is read back exactly as it was saved, and a damaged one is refused by name. */
class LocalStateStoreReadTest {

    @TempDir
    Path tmp;

    @Test
    void whatWasSavedReadsBackTheSame() {
        Path file = tmp.resolve("shop.state.json");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("port", 43579);
        properties.put("big", 12_345_678_901L);
        properties.put("ratio", 0.25);
        properties.put("enabled", true);
        properties.put("nothing", null);
        properties.put("args", List.of("sh", "-c", "exec app"));
        properties.put("backends", Map.of("web_1", Map.of("address", "127.0.0.1", "port", 8080)));
        LocalStateStore saved = LocalStateStore.open(file);
        saved.putRuntimeProperties("web_1", properties);
        saved.putState("web_1", "started");
        saved.putState("lb_1", "configured");

        LocalStateStore read = LocalStateStore.open(file);

        assertThat(read.instanceIds()).containsExactlyInAnyOrder("web_1", "lb_1");
        assertThat(read.get("web_1").state()).isEqualTo("started");
        assertThat(read.get("web_1").runtimeProperties()).isEqualTo(properties);
        assertThat(read.get("web_1").runtimeProperties().get("big")).isInstanceOf(Long.class);
        assertThat(read.get("lb_1").runtimeProperties()).isEmpty();
        assertThat(read.get("web_9").state()).isEqualTo("uninitialized");
    }

    @Test
    void aFileNotInTheStoresShapeIsRefusedNamingFileAndWhatIsWrong() throws Exception {
        for (List<String> c : List.of(
                Arrays.asList("{\"web_1\": {\"state\": \"started\", \"runtime\": {}}}", "unknown field 'runtime'"),
                Arrays.asList("{\"web_1\": [1]}", "instance 'web_1' is not an object"),
                Arrays.asList("{\"web_1\": {\"state\": 3}}", "state is not text"),
                Arrays.asList("[]", "expected an object"),
                Arrays.asList("{\"web_1\": ", "cannot be read"),
                Arrays.asList("", "empty"))) {
            Path file = Files.writeString(tmp.resolve("bad.state.json"), c.get(0));
            assertThatThrownBy(() -> LocalStateStore.open(file)).as(c.get(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(c.get(1));
        }
    }
}
