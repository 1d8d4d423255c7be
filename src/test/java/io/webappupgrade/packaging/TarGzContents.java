package io.webappupgrade.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** A tar.gz as a user's tar sees it, read with Commons Compress: its entries in archive order, and unpacking. */
final class TarGzContents {

    /** One entry; {@code content} is null for a directory. */
    record Entry(String name, int mode, long uid, long gid, String user, String group, Instant modified, byte[] content) {
    }

    private TarGzContents() {
    }

    static List<Entry> read(Path archive) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.add(new Entry(e.getName(), e.getMode(), e.getLongUserId(), e.getLongGroupId(), e.getUserName(),
                        e.getGroupName(), e.getModTime().toInstant(), e.isDirectory() ? null : tar.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + archive, e);
        }
        return entries;
    }

    static Map<String, byte[]> files(Path archive) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        read(archive).stream().filter(e -> e.content() != null).forEach(e -> files.put(e.name(), e.content()));
        return files;
    }

    /** Unpacks into {@code target}, refusing any entry that would land outside it. */
    static Path unpack(Path archive, Path target) throws IOException {
        Path root = Files.createDirectories(target).toAbsolutePath().normalize();
        for (Entry e : read(archive)) {
            Path out = root.resolve(e.name()).normalize();
            if (!out.startsWith(root)) {
                throw new IOException("entry " + e.name() + " would land outside " + root);
            }
            if (e.content() == null) {
                Files.createDirectories(out);
            } else {
                Files.createDirectories(out.getParent());
                Files.write(out, e.content());
            }
        }
        return root;
    }
}
