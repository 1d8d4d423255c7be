package io.webappupgrade.ctx.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOperationContextTest {

    @TempDir
    Path tmp;

    @Test
    void aNodeOperationSeesItsInstanceInputsAndCapturesItsReturnValue() {
        LocalNodeInstance app = new LocalNodeInstance("app", "app_1", Map.of("port", 8080));
        LocalOperationContext ctx = LocalOperationContext.forNode(app, Map.of("version", "2.0.0"));

        ctx.instance().runtimeProperties().put("app_version", "2.0.0");
        ctx.returns(Map.of("changed", true));

        assertThat(ctx.instance().properties().integer("port", 0)).isEqualTo(8080);
        assertThat(ctx.inputs().string("version")).contains("2.0.0");
        assertThat(app.runtimeProperties().snapshot()).containsEntry("app_version", "2.0.0");
        assertThat(ctx.returned()).contains(Map.of("changed", true));
        assertThatThrownBy(ctx::source).isInstanceOf(IllegalStateException.class).hasMessageContaining("node operation");
    }

    @Test
    void aRelationshipOperationSeesSourceAndTargetButNoInstance() {
        LocalNodeInstance app = new LocalNodeInstance("app", "app_1", Map.of());
        LocalNodeInstance lb = new LocalNodeInstance("lb", "lb_1", Map.of("frontend_port", 80));
        LocalOperationContext ctx = LocalOperationContext.forRelationship(app, lb, Map.of());

        assertThat(ctx.source().instanceId()).isEqualTo("app_1");
        assertThat(ctx.target().properties().integer("frontend_port", 0)).isEqualTo(80);
        assertThat(ctx.returned()).isEmpty();
        assertThatThrownBy(ctx::instance).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relationship operation");
    }

    @Test
    void storedValuesAreCopiesLikeJsonAndOnlyJsonTypesAreAccepted() {
        LocalRuntimeProperties runtime = new LocalRuntimeProperties();
        List<Object> releases = new ArrayList<>(List.of(Map.of("version", "1.0")));
        runtime.put("releases", releases);
        releases.add("changed afterwards");

        assertThat((List<?>) runtime.snapshot().get("releases")).hasSize(1);
        assertThatThrownBy(() -> runtime.put("path", Path.of("/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runtime property 'path' is a");
    }

    @Test
    void persistHandsASnapshotToTheListener() {
        List<Map<String, Object>> persisted = new ArrayList<>();
        LocalRuntimeProperties runtime = new LocalRuntimeProperties(Map.of("a", 1), persisted::add);
        runtime.put("b", "two");
        runtime.remove("a");

        runtime.persist();

        assertThat(persisted).containsExactly(new HashMap<>(Map.of("b", "two")));
    }

    @Test
    void writingThroughHandsOnEachKeyChangeAsItIsMade() {
        List<String> changes = new ArrayList<>();
        LocalRuntimeProperties runtime = LocalRuntimeProperties.writingThrough(Map.of("a", 1),
                (key, value) -> changes.add(key + "=" + value));
        runtime.put("backends", Map.of("web_1", true));
        runtime.remove("a");

        assertThat(changes).containsExactly("backends={web_1=true}", "a=null");
        assertThat(runtime.snapshot()).isEqualTo(Map.of("backends", Map.of("web_1", true)));
    }

    @Test
    void downloadsResourcesOnlyFromItsResourceDirectory() throws Exception {
        Path resources = Files.createDirectories(tmp.resolve("blueprint"));
        Files.writeString(resources.resolve("agent.jar"), "jar");
        Files.writeString(tmp.resolve("secret.txt"), "no");
        LocalOperationContext ctx = LocalOperationContext.builder()
                .instance(new LocalNodeInstance("app", "app_1", Map.of())).resources(resources).build();

        Path copied = ctx.downloadResource("agent.jar", tmp.resolve("out/agent.jar"));

        assertThat(copied).hasContent("jar");
        assertThatThrownBy(() -> ctx.downloadResource("../secret.txt", tmp.resolve("out/s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a file under the resource directory");
    }
}
