package io.webappupgrade.deployment.local;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One run that changes a local deployment at a time: an OS file lock on a file beside the state
 * file, held for the whole run. The operating system lets go of it when the holder exits in any
 * way (a SIGKILL included), so a dead run never leaves it stuck; the file itself stays, and says
 * who holds it (pid, start time, command) for the run that is refused.
 *
 * <p>Why the file is never deleted: a run waiting to lock the old file while another deletes and
 * re-creates it would lock a different file than the next run, and both would go ahead.
 */
public final class DeploymentLock implements Closeable {

    /** Who holds a lock, as its holder wrote it. */
    public record Holder(long pid, Instant startedAt, String command) {

        /** True when the process that wrote this still runs (same pid AND same start time). */
        public boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(p -> p.info().startInstant())
                    .map(startedAt::equals)
                    .orElse(false);
        }

        public String describe() {
            return "pid " + pid + ", started " + startedAt + ", command: " + command;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DeploymentLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock at once or refuses.
     *
     * @param command what this run is, as the refused run should read it (no secrets)
     * @throws DeploymentLockedException naming the holder when another run holds it
     */
    public static DeploymentLock acquire(Path file, String deployment, String command) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this process holds it already
            }
            if (lock == null) {
                channel.close();
                throw new DeploymentLockedException(deployment, file, read(file));
            }
            ProcessHandle self = ProcessHandle.current();
            Holder me = new Holder(self.pid(), self.info().startInstant().orElse(Instant.EPOCH), command);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(format(me).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DeploymentLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("the lock file " + file + " could not be used: " + e.getMessage(), e);
        }
    }

    /** Who holds the lock of {@code file} now, read without taking it; empty when no live run does. */
    public static Optional<Holder> currentHolder(Path file) {
        return read(file).filter(Holder::alive);
    }

    public Path file() {
        return file;
    }

    /** Lets go of the lock; what the file says is cleared so that nobody reads a finished run as the holder. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel below releases the lock anyway
        } finally {
            closeQuietly(channel);
        }
    }

    static Optional<Holder> read(Path file) {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            if (!fields.containsKey("pid") || !fields.containsKey("started")) {
                return Optional.empty();
            }
            return Optional.of(new Holder(Long.parseLong(fields.get("pid")), Instant.parse(fields.get("started")),
                    fields.getOrDefault("command", "?")));
        } catch (IOException | NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String format(Holder h) {
        return "pid=" + h.pid() + "\nstarted=" + h.startedAt() + "\ncommand=" + h.command().replace('\n', ' ') + "\n";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
