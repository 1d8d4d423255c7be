package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** The archive formats a release may come in, told apart by their content, never by file name. */
enum ArchiveFormat {
    TAR_GZ, TAR, ZIP;

    private static final int TAR_HEADER = 512;

    static ArchiveFormat detect(Path archive, String shownAs) throws IOException {
        byte[] head = readUpTo(Files.newInputStream(archive), TAR_HEADER);
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            byte[] inner;
            try {
                inner = readUpTo(new GzipCompressorInputStream(Files.newInputStream(archive), true), TAR_HEADER);
            } catch (IOException e) {
                throw new NonRecoverableError(shownAs + " is gzip-compressed but cannot be decompressed: " + e.getMessage());
            }
            if (TarArchiveInputStream.matches(inner, inner.length)) {
                return TAR_GZ;
            }
            throw notAnArchive(shownAs, "gzip-compressed, but not a tar archive inside");
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
            return ZIP;
        }
        if (TarArchiveInputStream.matches(head, head.length)) {
            return TAR;
        }
        throw notAnArchive(shownAs, "its content is none of these");
    }

    private static NonRecoverableError notAnArchive(String shownAs, String why) {
        return new NonRecoverableError(shownAs + " is not a release archive (" + why
                + "): expected a tar.gz/tgz, tar or zip archive");
    }

    private static byte[] readUpTo(InputStream stream, int n) throws IOException {
        try (InputStream in = stream) {
            return in.readNBytes(n);
        }
    }
}
