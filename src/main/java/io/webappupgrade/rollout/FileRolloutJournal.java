package io.webappupgrade.rollout;

import io.webappupgrade.json.JsonValues;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A journal kept as one small JSON file per key in a directory. Each save writes a temporary file
 * next to the target, forces it to disk and renames it over the target, so a crash leaves the old
 * state or the new one, never a torn file.
 */
public final class FileRolloutJournal implements RolloutJournal {

    private final Path directory;
    /** Jackson's streaming core: data binding would cost a cold command a tenth of a second before its first drain. */
    private final JsonValues json = new JsonValues();

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
            Stored stored = Stored.from(json.read(Files.readString(file)));
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
                    out.write(json.writeIndented(stored.toMap()).getBytes(StandardCharsets.UTF_8));
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
    private record Stored(int format, String deploymentId, String digest, List<String> outOfLoadBalancer,
            List<String> completed, List<String> failed) {

        Map<String, Object> toMap() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("format", format);
            fields.put("deployment_id", deploymentId);
            fields.put("digest", digest);
            fields.put("out_of_load_balancer", outOfLoadBalancer);
            fields.put("completed", completed);
            fields.put("failed", failed);
            return fields;
        }

        static Stored from(Object json) throws IOException {
            if (!(json instanceof Map<?, ?> fields)) {
                throw new IOException("expected an object");
            }
            if (!(fields.get("format") instanceof Number format)) {
                throw new IOException("'format' is not a number");
            }
            return new Stored(format.intValue(), text(fields, "deployment_id"), text(fields, "digest"),
                    ids(fields, "out_of_load_balancer"), ids(fields, "completed"), ids(fields, "failed"));
        }

        private static String text(Map<?, ?> fields, String key) throws IOException {
            Object value = fields.get(key);
            if (value != null && !(value instanceof String)) {
                throw new IOException("'" + key + "' is not text");
            }
            return (String) value;
        }

        /** A list of instance ids; null when absent. */
        private static List<String> ids(Map<?, ?> fields, String key) throws IOException {
            Object value = fields.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new IOException("'" + key + "' is not a list of instance ids");
            }
            return list.stream().map(String.class::cast).toList();
        }
    }
}
