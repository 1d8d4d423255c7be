package io.webappupgrade.webapp;

import io.webappupgrade.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a release into a {@link ReleaseStore}: fetch the archive, unpack it to
 * {@code releases/<version>}, remove the download. A directory already there for that version
 * (left by an earlier failed attempt) is set aside and only removed once the new one is in
 * place; if the install fails, it is put back.
 */
public final class ReleaseInstaller {

    private static final Logger log = LoggerFactory.getLogger(ReleaseInstaller.class);

    private final ReleaseFetcher fetcher;

    public ReleaseInstaller(ReleaseFetcher fetcher) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    /** Installs {@code source} as release {@code version} and returns its directory. */
    public Path install(ReleaseStore store, Version version, ReleaseSource source, ArchiveUnpacker unpacker,
            int stripComponents) {
        Path downloads = store.instanceDir().resolve("downloads");
        Path archive = downloads.resolve("release-" + version + ".archive");
        Path dir = store.releaseDir(version);
        Path setAside = null;
        try {
            Files.createDirectories(downloads);
            removeStaleDownloads(downloads);
            removeStaleUnpacking(store.releasesDir());
            fetcher.fetch(source, archive);
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                setAside = dir.resolveSibling("." + dir.getFileName() + ".old-" + UUID.randomUUID());
                Files.move(dir, setAside, StandardCopyOption.ATOMIC_MOVE);
            }
            unpacker.unpack(archive, dir, stripComponents, "release archive " + source.redactedUrl());
            if (setAside != null) {
                FileTrees.deleteRecursively(setAside);
                setAside = null;
            }
            log.info("installed release {} from {} in {}", version, source.redactedUrl(), dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not install release " + version + " in " + dir, e);
        } finally {
            putBack(setAside, dir);
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                log.warn("could not remove the download {}: {}", archive, e.toString());
            }
        }
    }

    /**
     * Removes what an agent killed mid-download or mid-install left (a {@code .part} file, an
     * archive not yet unpacked): a finally block does not run in a killed process.
     */
    private static void removeStaleDownloads(Path downloads) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(downloads)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(ReleaseFetcher.PARTIAL_SUFFIX) || name.endsWith(".archive")) {
                    Files.deleteIfExists(file);
                    log.info("removed {}, left by an interrupted download", file);
                }
            }
        }
    }

    /** Removes the staging folders of unpacks a killed agent never finished (see {@link ArchiveUnpacker}). */
    private static void removeStaleUnpacking(Path releases) throws IOException {
        if (!Files.isDirectory(releases)) {
            return;
        }
        String pattern = ".*" + ArchiveUnpacker.STAGING_MARK + "*";
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(releases, pattern)) {
            for (Path dir : dirs) {
                FileTrees.deleteRecursively(dir);
                log.info("removed {}, left by an interrupted unpack", dir);
            }
        }
    }

    private static void putBack(Path setAside, Path dir) {
        if (setAside == null) {
            return;
        }
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(setAside, dir, StandardCopyOption.ATOMIC_MOVE);
            } else {
                FileTrees.deleteRecursively(setAside);
            }
        } catch (IOException e) {
            log.warn("could not restore {} from {}: {}", dir, setAside, e.toString());
        }
    }
}
