package io.webappupgrade.webapp;

import java.nio.file.Path;

/** A release archive on local disk, with the SHA-256 it was found to have. */
public record FetchedArchive(Path file, String sha256, long bytes) {
}
