package io.webappupgrade.webapp;

/**
 * How much an archive may unpack to, so a small archive cannot fill the disk (a "zip bomb").
 *
 * @param maxTotalBytes the most bytes all files together may hold once unpacked
 * @param maxEntries    the most entries (files, directories, links) the archive may have
 */
public record UnpackLimits(long maxTotalBytes, int maxEntries) {

    public UnpackLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("unpack limits must be positive: maxTotalBytes=" + maxTotalBytes
                    + ", maxEntries=" + maxEntries);
        }
    }
}
