package io.webappupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run marks the archive recorded during it worth keeping only when it succeeded and did its work. */
class ClassDataRecordingTest {

    @TempDir
    Path dir;

    private Path archive() {
        return dir.resolve("abc-def-rollout.jsa.4242.rec");
    }

    private Stream<String> files() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString());
    }

    @Test
    void aSuccessfulRunMarksItsRecordingWorthKeeping() throws IOException {
        ClassDataRecording.of(Optional.of(archive())).commandEnded(0);

        assertThat(files()).containsExactly("abc-def-rollout.jsa.4242.rec.keep");
    }

    @Test
    void aFailedRunOrOneThatLoadedTooLittleLeavesNoMark() throws IOException {
        ClassDataRecording.of(Optional.of(archive())).commandEnded(2);
        ClassDataRecording.of(Optional.of(archive())).commandEnded(1);
        ClassDataRecording nothingToDo = ClassDataRecording.of(Optional.of(archive()));
        nothingToDo.loadedTooLittle();
        nothingToDo.commandEnded(0);

        assertThat(files()).isEmpty();
    }

    @Test
    void withoutARecordingNothingIsWritten() throws IOException {
        ClassDataRecording.of(Optional.empty()).commandEnded(0);

        assertThat(files()).isEmpty();
    }

    @Test
    void aMarkThatCannotBeWrittenOnlyMeansRecordingAgain() {
        ClassDataRecording.of(Optional.of(dir.resolve("missing/dir/x.jsa.1.rec"))).commandEnded(0);

        assertThat(dir.resolve("missing")).doesNotExist();
    }
}
