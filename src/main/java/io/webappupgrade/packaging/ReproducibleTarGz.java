package io.webappupgrade.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a tar.gz whose bytes depend only on the files' names and contents: entries in name
 * order, each directory before what it holds, one modification time for all, owner root (0:0),
 * mode 644 for files and 755 for directories, and a gzip header with neither a time nor a name.
 * What the build machine's clock, umask or file system order would add is left out.
 */
final class ReproducibleTarGz {

    private static final int FILE_MODE = 0100644;
    private static final int DIRECTORY_MODE = 040755;
    /** Files in a {@code bin/} folder are commands the user runs. */
    private static final int EXECUTABLE_MODE = 0100755;
    /** "Unknown" in the gzip header, rather than the OS the build ran on. */
    private static final int GZIP_OS_UNKNOWN = 255;

    private final Instant modificationTime;

    ReproducibleTarGz(Instant modificationTime) {
        this.modificationTime = modificationTime;
    }

    /**
     * Writes {@code files} (archive path to content; paths use '/', no leading '/', no '..') to
     * {@code target}, replacing it only once the whole archive is written.
     */
    void write(SortedMap<String, byte[]> files, Path target) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(temp)) {
            writeTo(files, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the archive " + temp, e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not move the archive to " + target, e);
        }
    }

    /** The archive of {@code files} (as for {@link #write}) as bytes, for an archive inside another. */
    byte[] bytes(SortedMap<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(files, out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write an archive in memory", e);
        }
        return out.toByteArray();
    }

    /** Writes the archive to {@code out} and closes it. */
    private void writeTo(SortedMap<String, byte[]> files, OutputStream out) throws IOException {
        SortedMap<String, byte[]> entries = withDirectories(files);
        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        gzip.setOperatingSystem(GZIP_OS_UNKNOWN);
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out, gzip);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                tar.putArchiveEntry(entry(e.getKey(), e.getValue()));
                if (e.getValue() != null) {
                    tar.write(e.getValue());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private TarArchiveEntry entry(String name, byte[] content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setModTime(Date.from(modificationTime));
        entry.setIds(0, 0);
        entry.setNames("root", "root");
        if (content == null) {
            entry.setMode(DIRECTORY_MODE);
        } else {
            entry.setMode(name.contains("/bin/") || name.startsWith("bin/") ? EXECUTABLE_MODE : FILE_MODE);
            entry.setSize(content.length);
        }
        return entry;
    }

    /** The files plus an entry (null content) for every directory above them, named with a trailing '/'. */
    private static SortedMap<String, byte[]> withDirectories(SortedMap<String, byte[]> files) {
        SortedMap<String, byte[]> all = new TreeMap<>();
        TreeSet<String> directories = new TreeSet<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = checkedName(f.getKey());
            all.put(name, f.getValue().clone());
            for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                directories.add(name.substring(0, slash + 1));
            }
        }
        directories.forEach(d -> all.put(d, null));
        return all;
    }

    private static String checkedName(String name) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")
                || name.contains("//");
        for (String part : name.split("/")) {
            bad |= part.equals("..") || part.equals(".");
        }
        if (bad) {
            throw new IllegalArgumentException("archive path '" + name
                    + "' is not allowed: use a relative path of plain names separated by '/'");
        }
        return name;
    }
}
