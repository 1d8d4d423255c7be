package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseStoreTest {

    @TempDir
    Path tmp;
    ReleaseStore store;

    @BeforeEach
    void create() {
        store = new ReleaseStore(tmp.resolve("app_1"));
    }

    private void install(String... versions) throws IOException {
        for (String v : versions) {
            Path dir = Files.createDirectories(store.releaseDir(Version.parse(v)));
            Files.writeString(dir.resolve("VERSION"), v);
        }
    }

    private static List<Version> versions(String... v) {
        return Stream.of(v).map(Version::parse).toList();
    }

    @Test
    void listsReleasesInVersionOrderNotNameOrder() throws IOException {
        install("1.10.0", "1.9.0", "1.2.0-rc1", "1.2.0");
        Files.createDirectories(store.releasesDir().resolve(".1.3.0.unpack-x"));

        assertThat(store.list()).containsExactlyElementsOf(versions("1.2.0-rc1", "1.2.0", "1.9.0", "1.10.0"));
    }

    @Test
    void switchesTheCurrentLinkAndLeavesNoTemporaryLink() throws IOException {
        install("1.0.0", "2.0.0");

        store.switchTo(Version.parse("1.0.0"));
        assertThat(store.currentLink().resolve("VERSION")).hasContent("1.0.0");
        store.switchTo(Version.parse("2.0.0"));

        assertThat(store.current()).contains(Version.parse("2.0.0"));
        assertThat(store.currentLink().resolve("VERSION")).hasContent("2.0.0");
        assertThat(Files.readSymbolicLink(store.currentLink())).hasToString("releases/2.0.0");
        try (Stream<Path> files = Files.list(store.instanceDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("releases", "current");
        }
    }

    @Test
    void refusesToSwitchToAReleaseThatIsNotThere() throws IOException {
        install("1.0.0");
        store.switchTo(Version.parse("1.0.0"));

        assertThatThrownBy(() -> store.switchTo(Version.parse("3.0.0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("release 3.0.0 is not installed");
        assertThat(store.current()).contains(Version.parse("1.0.0"));
    }

    @Test
    void prunesToTheNewestPreviousReleasesKeepingCurrent() throws IOException {
        install("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0");
        store.switchTo(Version.parse("1.4.0"));

        List<Version> removed = store.prune(2, Optional.empty());

        assertThat(removed).containsExactlyElementsOf(versions("1.0.0", "1.1.0"));
        assertThat(store.list()).containsExactlyElementsOf(versions("1.2.0", "1.3.0", "1.4.0"));
    }

    @Test
    void pruningNeverRemovesTheCurrentNorTheUpcomingRelease() throws IOException {
        install("1.0.0", "1.1.0", "1.2.0", "2.0.0");
        store.switchTo(Version.parse("1.0.0"));

        store.prune(0, Optional.of(Version.parse("2.0.0")));

        assertThat(store.list()).containsExactlyElementsOf(versions("1.0.0", "2.0.0"));
        assertThat(store.current()).contains(Version.parse("1.0.0"));
    }

    @Test
    void pruningCountsTheCurrentReleaseAsPreviousOfTheUpcomingOne() throws IOException {
        install("1.0.0", "1.1.0", "1.2.0", "2.0.0");
        store.switchTo(Version.parse("1.2.0"));

        store.prune(2, Optional.of(Version.parse("2.0.0")));

        assertThat(store.list()).containsExactlyElementsOf(versions("1.1.0", "1.2.0", "2.0.0"));
    }

    @Test
    void pruningRemovesLeftoversNewerThanTheCurrentRelease() throws IOException {
        install("1.0.0", "2.0.0", "3.0.0");
        store.switchTo(Version.parse("2.0.0"));

        store.prune(3, Optional.empty());

        assertThat(store.list()).containsExactlyElementsOf(versions("1.0.0", "2.0.0"));
    }

    @Test
    void refusesToRemoveTheCurrentRelease() throws IOException {
        install("1.0.0");
        store.switchTo(Version.parse("1.0.0"));

        assertThatThrownBy(() -> store.remove(Version.parse("1.0.0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is current");
        assertThat(store.has(Version.parse("1.0.0"))).isTrue();
    }
}
