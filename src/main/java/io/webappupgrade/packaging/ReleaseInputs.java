package io.webappupgrade.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a release is built from.
 *
 * @param projectRoot the project's checkout (plugin.yaml, blueprint-fragments/, packaging/, README.md, LICENSE)
 * @param agentJar the shaded agent jar of this build
 * @param version the project's version, in the bundle's name and the wagon's package version
 * @param timestamp the modification time of every archive entry (the build's outputTimestamp)
 * @param outputDirectory where the bundle, its .sha256 and the wagon's source tree are written
 */
public record ReleaseInputs(Path projectRoot, Path agentJar, String version, Instant timestamp, Path outputDirectory) {

    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]*");

    public ReleaseInputs {
        List<String> problems = new ArrayList<>();
        if (projectRoot == null || !Files.isDirectory(projectRoot)) {
            problems.add("project root '" + projectRoot + "' is not a directory");
        }
        if (agentJar == null || !Files.isRegularFile(agentJar)) {
            problems.add("agent jar '" + agentJar + "' is not a file (build it with mvn package)");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            problems.add("version '" + version + "' is not allowed: letters, digits and . + _ - only, "
                    + "starting with a letter or digit");
        }
        if (timestamp == null) {
            problems.add("timestamp is missing");
        }
        if (outputDirectory == null) {
            problems.add("output directory is missing");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot build the release: " + String.join("; ", problems));
        }
        projectRoot = projectRoot.toAbsolutePath().normalize();
        agentJar = agentJar.toAbsolutePath().normalize();
        outputDirectory = outputDirectory.toAbsolutePath().normalize();
    }

    /**
     * Reads a timestamp the way Maven's {@code project.build.outputTimestamp} may be written: an
     * ISO-8601 date-time with an offset, or seconds since the epoch.
     */
    public static Instant parseTimestamp(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("[0-9]{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp '" + text + "' is not allowed: give an ISO-8601 date-time "
                    + "with an offset (2026-01-01T00:00:00Z) or seconds since 1970 (set project.build.outputTimestamp)");
        }
    }
}
