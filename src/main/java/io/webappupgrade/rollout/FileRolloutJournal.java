package io.webappupgrade.rollout;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A journal kept as one small JSON file per key in a directory. Each save writes a temporary file
 * next to the target, forces it to disk and renames it over the target, so a crash leaves the old
 * state or the new one, never a torn file.
 */
public final class FileRolloutJournal implements RolloutJournal {

    private final Path directory;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public FileRolloutJournal(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The file that holds the state for {@code key}. */
    public Path fileFor(JournalKey key) {
        String deployment = key.deploymentId().replaceAll("[^A-Za-z0-9._-]", "_");
        if (deployment.length() > 80) {
            deployment = deployment.substring(0, 80);
        }
        return directory.resolve("rollout-" + deployment + "-" + key.digest().substring(0, 16) + ".json");
    }

    @Override
    public Optional<JournalState> load(JournalKey key) {
        Path file = fileFor(key);
        try {
            Stored stored = json.readValue(Files.readAllBytes(file), Stored.class);
            if (!key.digest().equals(stored.digest())) {
                // Another key whose name shortens to the same file: not ours.
                return Optional.empty();
            }
            return Optional.of(new JournalState(orEmpty(stored.outOfLoadBalancer()), orEmpty(stored.completed()),
                    orEmpty(stored.failed())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("rollout journal " + file + " cannot be read (" + e.getMessage()
                    + "); it records which instances an interrupted run left out of the load balancer:"
                    + " check them, then delete the file to start afresh", e);
        }
    }

    @Override
    public void save(JournalKey key, JournalState state) {
        Path file = fileFor(key);
        Stored stored = new Stored(1, key.deploymentId(), key.digest(), state.outOfLoadBalancer(),
                state.completed(), state.failed());
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, ".rollout-", ".tmp");
            try {
                // A FileOutputStream, not a FileChannel: an interrupted thread (a cancelled run) must
                // still be able to record what it left out of the load balancer.
                try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                    out.write(json.writeValueAsBytes(stored));
                    out.getFD().sync();
                }
                moveOver(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rollout journal " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    private static void moveOver(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on file systems without atomic rename.
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void clear(JournalKey key) {
        try {
            Files.deleteIfExists(fileFor(key));
        } catch (IOException e) {
            throw new UncheckedIOException("rollout journal " + fileFor(key) + " cannot be deleted: " + e.getMessage(), e);
        }
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    /** The file's shape; {@code format} lets a later version read old files. */
    private record Stored(
            @JsonProperty("format") int format,
            @JsonProperty("deployment_id") String deploymentId,
            @JsonProperty("digest") String digest,
            @JsonProperty("out_of_load_balancer") List<String> outOfLoadBalancer,
            @JsonProperty("completed") List<String> completed,
            @JsonProperty("failed") List<String> failed) {
    }
}
