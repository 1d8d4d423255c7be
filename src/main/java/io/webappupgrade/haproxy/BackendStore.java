package io.webappupgrade.haproxy;

import io.webappupgrade.json.JsonValues;
import io.webappupgrade.wait.Poll;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The backend set on disk, and the lock that serialises changes to it.
 *
 * <p>The set is the truth, not HAProxy's memory (lost on reload) nor the orchestrator's runtime
 * properties (written by separate operations that race). Each operation is its own JVM, so the
 * lock is an OS file lock; threads of one JVM meet {@link OverlappingFileLockException} instead
 * of blocking, so both are handled by the same bounded wait.
 */
final class BackendStore {

    private static final Duration LOCK_RETRY = Duration.ofMillis(20);

    private final Path file;
    private final Path lockFile;
    private final Duration lockTimeout;
    private final JsonValues json;

    BackendStore(Path file, Path lockFile, Duration lockTimeout, JsonValues json) {
        this.file = file;
        this.lockFile = lockFile;
        this.lockTimeout = lockTimeout;
        this.json = json;
    }

    /** Runs {@code action} while holding the lock; {@link #read()} and {@link #write} belong inside it. */
    <T> T locked(Supplier<T> action) {
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = acquire(channel)) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    List<BackendServer> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            // streams, not channels: a thread interrupted by a Ctrl-C must still read and write the set
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                return servers(json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the backend set " + file + ": " + e.getMessage(), e);
        }
    }

    void write(List<BackendServer> servers) {
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".new");
            List<Map<String, Object>> stored = new ArrayList<>();
            for (BackendServer server : servers) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("name", server.name());
                fields.put("address", server.address());
                fields.put("port", server.port());
                fields.put("enabled", server.enabled());
                stored.add(fields);
            }
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write(json.writeIndented(stored).getBytes(StandardCharsets.UTF_8));
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the backend set " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file as {@link #write} writes it: a list of {@code {name, address, port, enabled}}. */
    private static List<BackendServer> servers(Object stored) throws IOException {
        if (!(stored instanceof List<?> list)) {
            throw new IOException("expected a list of servers");
        }
        List<BackendServer> servers = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> fields) || !(fields.get("name") instanceof String name)
                    || !(fields.get("address") instanceof String address)
                    || !(fields.get("port") instanceof Number port) || !(fields.get("enabled") instanceof Boolean enabled)) {
                throw new IOException("expected each server as {name, address, port, enabled}, found " + item);
            }
            try {
                servers.add(new BackendServer(name, address, port.intValue(), enabled));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return List.copyOf(servers);
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file + ": " + e.getMessage(), e);
        }
    }

    private FileLock acquire(FileChannel channel) throws IOException {
        Poll.Waited<FileLock> waited;
        try {
            waited = Poll.upTo(lockTimeout, LOCK_RETRY).until(() -> tryLock(channel), Objects::nonNull);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return switch (waited.end()) {
            case DONE -> waited.last();
            case TIMED_OUT -> throw new LockTimeoutException("another change to this HAProxy has held " + lockFile
                    + " for more than " + lockTimeout.toSeconds() + " s; nothing was changed");
            case INTERRUPTED -> throw new LockTimeoutException("interrupted while waiting for " + lockFile
                    + "; nothing was changed");
        };
    }

    /** The lock, or null while another process or another thread of this one holds it. */
    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
