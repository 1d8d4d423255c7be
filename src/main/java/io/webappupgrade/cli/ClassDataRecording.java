package io.webappupgrade.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The class-data archive that {@code bin/webapp-upgrade} records while this command runs, if it
 * records one. The archive holds the classes this one run loaded, and every later start of the same
 * subcommand maps it, so a run that did little of its command's work (bad input, nothing to do, a
 * dry run) would make every later run slower. This run says whether it was worth keeping: it
 * leaves a file named like the recording plus {@code .keep}, and the launcher puts a recording in
 * place only beside that file, and otherwise records again.
 */
final class ClassDataRecording {

    private final Optional<Path> archive;
    private final AtomicBoolean loadedTooLittle = new AtomicBoolean();

    private ClassDataRecording(Optional<Path> archive) {
        this.archive = archive;
    }

    /**
     * The archive being recorded, if one is: none when started with {@code java -jar}, or when the
     * launcher already has an archive.
     */
    static ClassDataRecording of(Optional<Path> archive) {
        return new ClassDataRecording(archive);
    }

    /** This run ended without running most of what its command runs: its classes are not worth keeping. */
    void loadedTooLittle() {
        loadedTooLittle.set(true);
    }

    /**
     * Marks the recording worth keeping when the command succeeded and did its work. Runs before the
     * JVM's exit writes the archive; the launcher moves it only once this process has exited.
     */
    void commandEnded(int exitCode) {
        if (archive.isEmpty() || exitCode != 0 || loadedTooLittle.get()) {
            return;
        }
        Path keep = archive.get().resolveSibling(archive.get().getFileName() + ".keep");
        try {
            Files.write(keep, new byte[0]);
        } catch (IOException | RuntimeException e) {
            // No mark only means that a later start records again.
        }
    }
}
