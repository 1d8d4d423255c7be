package io.webappupgrade.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a file, and the {@code <file>.sha256} line that {@code sha256sum -c} checks. */
final class Sha256File {

    private Sha256File() {
    }

    static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** Writes {@code <hex>  <file name>} to {@code <file>.sha256} beside the file and returns that path. */
    static Path writeBeside(Path file) {
        Path sums = file.resolveSibling(file.getFileName() + ".sha256");
        String line = digest(file) + "  " + file.getFileName() + "\n";
        try {
            Files.writeString(sums, line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + sums, e);
        }
        return sums;
    }
}
