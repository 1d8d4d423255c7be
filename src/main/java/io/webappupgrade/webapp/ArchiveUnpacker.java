package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a tar.gz/tgz, tar or zip release archive (told apart by content) into a directory that
 * appears whole or not at all: entries go to a fresh hidden sibling directory which is renamed to
 * the destination once every entry has passed; a refused archive leaves nothing behind. What is
 * refused is described in {@link ConfinedWriter}. File modes are kept (the executable bit
 * matters to start scripts); owners are not, the files belong to the user unpacking them.
 */
public final class ArchiveUnpacker {

    private static final Logger log = LoggerFactory.getLogger(ArchiveUnpacker.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int MAX_LINK_TARGET = 4096;
    /** In the name of a staging folder, between the destination's name and a random suffix. */
    static final String STAGING_MARK = ".unpack-";

    private final UnpackLimits limits;

    public ArchiveUnpacker(UnpackLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Unpacks {@code archive} to {@code destination}, which must not exist yet.
     *
     * @param stripComponents leading path components dropped from each entry name (as tar's
     *                        {@code --strip-components}); entries with no more components are skipped
     * @throws NonRecoverableError when the archive is refused or is not an archive
     */
    public void unpack(Path archive, Path destination, int stripComponents) {
        unpack(archive, destination, stripComponents, "'" + archive.getFileName() + "'");
    }

    /**
     * As {@link #unpack(Path, Path, int)}, naming the archive in messages as {@code shownAs}
     * (for example the redacted URL it came from).
     */
    public void unpack(Path archive, Path destination, int stripComponents, String shownAs) {
        if (stripComponents < 0) {
            throw new NonRecoverableError("strip_components is " + stripComponents + ": expected 0 or more");
        }
        Path target = destination.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new NonRecoverableError("cannot unpack " + shownAs + " to " + target + ": it already exists");
        }
        Path staging = target.resolveSibling("." + target.getFileName() + STAGING_MARK + UUID.randomUUID());
        boolean done = false;
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectory(staging);
            ConfinedWriter writer = new ConfinedWriter(staging, shownAs, limits, stripComponents);
            ArchiveFormat format = ArchiveFormat.detect(archive, shownAs);
            switch (format) {
                case TAR_GZ -> unpackTar(new GzipCompressorInputStream(
                        new BufferedInputStream(Files.newInputStream(archive)), true), writer);
                case TAR -> unpackTar(new BufferedInputStream(Files.newInputStream(archive)), writer);
                case ZIP -> unpackZip(archive, writer);
            }
            writer.finish();
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            log.info("unpacked {} ({}) to {}", shownAs, format, target);
        } catch (FileAlreadyExistsException e) {
            throw new NonRecoverableError("cannot unpack " + shownAs + " to " + target + ": it already exists");
        } catch (IOException e) {
            if (isTruncatedOrCorrupt(e)) {
                String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                throw new NonRecoverableError("truncated or corrupt archive: " + shownAs + " ended early or holds"
                        + " damaged data (" + cause + "); fetch it again or check how it was made;"
                        + " nothing was unpacked", e);
            }
            throw new NonRecoverableError("could not unpack " + shownAs + " to " + target + ": " + e, e);
        } finally {
            if (!done) {
                removeStaging(staging);
            }
        }
    }

    /** Damage in the archive's bytes, told from a failure to write the files out. */
    private static boolean isTruncatedOrCorrupt(IOException e) {
        if (e instanceof EOFException || e instanceof ZipException) {
            return true;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("truncated") || message.contains("unexpected end") || message.contains("corrupt")
                || message.contains("crc") || message.contains("premature end");
    }

    private static void unpackTar(InputStream stream, ConfinedWriter writer) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isSymbolicLink()) {
                    writer.symlink(name, entry.getLinkName());
                } else if (entry.isLink()) {
                    writer.hardlink(name, entry.getLinkName());
                } else if (entry.isDirectory()) {
                    writer.directory(name, entry.getMode());
                } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                    writer.special(name, "device file");
                } else if (entry.isFIFO()) {
                    writer.special(name, "named pipe");
                } else if (entry.isFile()) {
                    writer.file(name, entry.getMode(), tar);
                } else {
                    writer.special(name, "special tar entry (type '" + (char) entry.getLinkFlag() + "')");
                }
            }
        }
    }

    private static void unpackZip(Path archive, ConfinedWriter writer) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String name = entry.getName();
                int unixMode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0;
                int type = unixMode & S_IFMT;
                if (!zip.canReadEntryData(entry)) {
                    writer.special(name, "zip entry compressed with an unsupported method");
                }
                if (entry.isUnixSymlink()) {
                    writer.symlink(name, readLinkTarget(zip, entry));
                } else if (entry.isDirectory() || type == S_IFDIR) {
                    writer.directory(name, unixMode == 0 ? 0755 : unixMode);
                } else if (type == 0 || type == S_IFREG) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        writer.file(name, unixMode == 0 ? 0644 : unixMode, in);
                    }
                } else {
                    writer.special(name, "special file (mode " + Integer.toOctalString(unixMode) + ")");
                }
            }
        }
    }

    private static String readLinkTarget(ZipFile zip, ZipArchiveEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_LINK_TARGET + 1);
            if (bytes.length > MAX_LINK_TARGET) {
                throw new NonRecoverableError("zip entry '" + entry.getName() + "' is a symbolic link with a target"
                        + " longer than " + MAX_LINK_TARGET + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void removeStaging(Path staging) {
        try {
            FileTrees.deleteRecursively(staging);
        } catch (IOException e) {
            log.warn("could not remove the partly unpacked directory {}: {}", staging, e.toString());
        }
    }
}
