package io.webappupgrade.webapp;

import io.webappupgrade.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The releases of one app instance on disk: {@code <instance dir>/releases/<version>/} and a
 * {@code current} symbolic link to the one in use, switched atomically (a new link is made
 * beside it and renamed over it, so {@code current} always names a whole release).
 */
public final class ReleaseStore {

    private static final Logger log = LoggerFactory.getLogger(ReleaseStore.class);

    private final Path instanceDir;

    public ReleaseStore(Path instanceDir) {
        this.instanceDir = Objects.requireNonNull(instanceDir, "instanceDir").toAbsolutePath().normalize();
    }

    public Path instanceDir() {
        return instanceDir;
    }

    public Path releasesDir() {
        return instanceDir.resolve("releases");
    }

    public Path currentLink() {
        return instanceDir.resolve("current");
    }

    /** Where the release {@code version} lives (whether or not it is there). */
    public Path releaseDir(Version version) {
        return releasesDir().resolve(version.toString());
    }

    public boolean has(Version version) {
        return Files.isDirectory(releaseDir(version), LinkOption.NOFOLLOW_LINKS);
    }

    /** The versions present, oldest first (in version order). Entries that are not versions are ignored. */
    public List<Version> list() {
        if (!Files.isDirectory(releasesDir())) {
            return List.of();
        }
        List<Version> versions = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(releasesDir())) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && Version.isValid(name)) {
                    versions.add(Version.parse(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + releasesDir(), e);
        }
        versions.sort(Comparator.naturalOrder());
        return List.copyOf(versions);
    }

    /** The release {@code current} points at, if any. */
    public Optional<Version> current() {
        Path link = currentLink();
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            Path target = Files.readSymbolicLink(link);
            String name = target.getFileName().toString();
            return Version.isValid(name) ? Optional.of(Version.parse(name)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + link, e);
        }
    }

    /** Points {@code current} at {@code version} in one atomic step. */
    public void switchTo(Version version) {
        if (!has(version)) {
            throw new IllegalStateException("release " + version + " is not installed in " + releasesDir());
        }
        Path link = currentLink();
        Path temp = instanceDir.resolve(".current-" + UUID.randomUUID());
        try {
            // A relative target keeps the instance directory movable.
            Files.createSymbolicLink(temp, Path.of("releases", version.toString()));
            Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("{} now points at release {}", link, version);
        } catch (IOException e) {
            throw new UncheckedIOException("could not switch " + link + " to release " + version, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                log.warn("could not remove {}: {}", temp, e.toString());
            }
        }
    }

    /**
     * Removes a release that is not current.
     *
     * @throws IllegalStateException when {@code version} is the current release
     */
    public void remove(Version version) {
        if (current().filter(version::equals).isPresent()) {
            throw new IllegalStateException("release " + version + " is current and cannot be removed");
        }
        try {
            FileTrees.deleteRecursively(releaseDir(version));
            log.info("removed release {} from {}", version, releasesDir());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove release " + version, e);
        }
    }

    /**
     * Keeps the current release, {@code upcoming} (the one being switched to, if any) and the
     * {@code keepPrevious} newest releases older than the newer of those two; removes the rest.
     *
     * @return the versions removed, oldest first
     */
    public List<Version> prune(int keepPrevious, Optional<Version> upcoming) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("keepPrevious must be 0 or more, was " + keepPrevious);
        }
        Optional<Version> current = current();
        Set<Version> protectedVersions = new HashSet<>();
        current.ifPresent(protectedVersions::add);
        upcoming.ifPresent(protectedVersions::add);
        Optional<Version> newest = protectedVersions.stream().max(Comparator.naturalOrder());
        List<Version> candidates = new ArrayList<>();
        for (Version v : list()) {
            if (!protectedVersions.contains(v)) {
                candidates.add(v);
            }
        }
        List<Version> older = new ArrayList<>(candidates.stream()
                .filter(v -> newest.isEmpty() || newest.get().isNewerThan(v)).toList());
        List<Version> removed = new ArrayList<>(candidates.stream()
                .filter(v -> newest.isPresent() && !newest.get().isNewerThan(v)).toList());
        // Releases newer than what is running are left-overs of a failed or rolled-back upgrade.
        int keepOlder = Math.max(0, keepPrevious - (protectedVersions.size() - 1));
        while (older.size() > keepOlder) {
            removed.add(older.remove(0));
        }
        removed.sort(Comparator.naturalOrder());
        removed.forEach(this::remove);
        return List.copyOf(removed);
    }
}
