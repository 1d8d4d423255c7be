package io.webappupgrade.sampleapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A release of the sample app as a tar.gz: {@code server.js} and a {@code VERSION} file, plus an
 * {@code UNHEALTHY} marker for a release that listens but never passes its health check. The
 * embedded demo and the tests build their releases with it instead of downloading any.
 *
 * <pre>{@code SampleRelease.of("2.0.0").unhealthy().writeTarGz(path);}</pre>
 */
public final class SampleRelease {

    private static final String SERVER_JS = "/sample-app/server.js";

    private final String version;
    private final boolean healthy;
    private final String topDirectory;
    /** Every how many requests (not /health) one answers 500; 0: none. */
    private final int failEvery;
    /** How much later {@code /} answers, in milliseconds. */
    private final int delayMillis;

    private SampleRelease(String version, boolean healthy, String topDirectory, int failEvery, int delayMillis) {
        this.version = version;
        this.healthy = healthy;
        this.topDirectory = topDirectory;
        this.failEvery = failEvery;
        this.delayMillis = delayMillis;
    }

    /**
     * The same release, healthy on {@code /health} but answering 500 to every {@code n}th other
     * request (5: a fifth of them): a release only a look at its traffic catches.
     */
    public SampleRelease failingEvery(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("failingEvery " + n + ": allowed is 1 or more");
        }
        return new SampleRelease(version, healthy, topDirectory, n, delayMillis);
    }

    /** The same release, answering {@code /} {@code millis} later. */
    public SampleRelease slowBy(int millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("slowBy " + millis + " ms: allowed is 0 or more");
        }
        return new SampleRelease(version, healthy, topDirectory, failEvery, millis);
    }

    /** A healthy release of {@code version}, its files at the archive's top level. */
    public static SampleRelease of(String version) {
        Objects.requireNonNull(version, "version");
        if (version.isBlank() || version.contains("\n")) {
            throw new IllegalArgumentException("version '" + version + "' must be one non-blank line");
        }
        return new SampleRelease(version.trim(), true, "", 0, 0);
    }

    /** The same release, but answering 503 on /health forever. */
    public SampleRelease unhealthy() {
        return new SampleRelease(version, false, topDirectory, failEvery, delayMillis);
    }

    /** The same release with its files under one top directory (as many release tarballs are). */
    public SampleRelease underDirectory(String name) {
        if (name.isBlank() || name.contains("/") || name.equals("..") || name.equals(".")) {
            throw new IllegalArgumentException("top directory '" + name + "' must be a single plain name");
        }
        return new SampleRelease(version, healthy, name + "/", failEvery, delayMillis);
    }

    public String version() {
        return version;
    }

    /** The source of the sample app's {@code server.js}. */
    public static String serverJs() {
        try (InputStream in = SampleRelease.class.getResourceAsStream(SERVER_JS)) {
            if (in == null) {
                throw new IllegalStateException(SERVER_JS + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the release to {@code target} as a gzip-compressed tar (replacing it) and returns it. */
    public Path writeTarGz(Path target) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("server.js", serverJs());
        files.put("VERSION", version + "\n");
        if (!healthy) {
            files.put("UNHEALTHY", "this release never passes its health check\n");
        }
        if (failEvery > 0) {
            files.put("FAIL_EVERY", failEvery + "\n");
        }
        if (delayMillis > 0) {
            files.put("DELAY_MS", delayMillis + "\n");
        }
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(temp);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            if (!topDirectory.isEmpty()) {
                TarArchiveEntry dir = new TarArchiveEntry(topDirectory);
                dir.setMode(040755);
                tar.putArchiveEntry(dir);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(topDirectory + f.getKey());
                entry.setSize(bytes.length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sample release " + version + " to " + temp, e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not move the sample release to " + target, e);
        }
        return target;
    }
}
