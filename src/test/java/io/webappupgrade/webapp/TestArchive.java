package io.webappupgrade.webapp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds real tar, tar.gz and zip archives entry by entry, including hostile ones. */
final class TestArchive {

    private record Entry(String name, char kind, int mode, byte[] content, String linkTarget) {
    }

    private final List<Entry> entries = new ArrayList<>();

    static TestArchive create() {
        return new TestArchive();
    }

    TestArchive dir(String name) {
        entries.add(new Entry(name, 'd', 0755, new byte[0], null));
        return this;
    }

    TestArchive file(String name, String content) {
        return file(name, content, 0644);
    }

    TestArchive file(String name, String content, int mode) {
        entries.add(new Entry(name, 'f', mode, content.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    TestArchive file(String name, byte[] content) {
        entries.add(new Entry(name, 'f', 0644, content, null));
        return this;
    }

    TestArchive symlink(String name, String target) {
        entries.add(new Entry(name, 'l', 0777, new byte[0], target));
        return this;
    }

    TestArchive hardlink(String name, String target) {
        entries.add(new Entry(name, 'h', 0644, new byte[0], target));
        return this;
    }

    TestArchive charDevice(String name) {
        entries.add(new Entry(name, 'c', 0644, new byte[0], null));
        return this;
    }

    Path writeTarGz(Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            writeTarTo(gz);
        }
        return target;
    }

    Path writeTar(Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            writeTarTo(out);
        }
        return target;
    }

    private void writeTarTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Entry e : entries) {
            TarArchiveEntry t = switch (e.kind()) {
                case 'l' -> new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true);
                case 'h' -> new TarArchiveEntry(e.name(), TarConstants.LF_LINK, true);
                case 'c' -> new TarArchiveEntry(e.name(), TarConstants.LF_CHR, true);
                case 'd' -> new TarArchiveEntry(e.name().endsWith("/") ? e.name() : e.name() + "/", true);
                default -> new TarArchiveEntry(e.name(), true);
            };
            t.setMode(t.getMode() & ~07777 | e.mode());
            if (e.linkTarget() != null) {
                t.setLinkName(e.linkTarget());
            }
            if (e.kind() == 'f') {
                t.setSize(e.content().length);
            }
            tar.putArchiveEntry(t);
            if (e.kind() == 'f') {
                tar.write(e.content());
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    Path writeZip(Path target) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target)) {
            for (Entry e : entries) {
                String name = e.kind() == 'd' && !e.name().endsWith("/") ? e.name() + "/" : e.name();
                ZipArchiveEntry z = new ZipArchiveEntry(name);
                byte[] content = e.content();
                switch (e.kind()) {
                    case 'l' -> {
                        z.setUnixMode(0120777);
                        content = e.linkTarget().getBytes(StandardCharsets.UTF_8);
                    }
                    case 'd' -> z.setUnixMode(040755);
                    case 'f' -> z.setUnixMode(0100000 | e.mode());
                    default -> throw new IllegalArgumentException("zip cannot hold entry kind " + e.kind());
                }
                zip.putArchiveEntry(z);
                zip.write(content);
                zip.closeArchiveEntry();
            }
        }
        return target;
    }
}
