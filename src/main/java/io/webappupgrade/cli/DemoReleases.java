package io.webappupgrade.cli;

import io.webappupgrade.sampleapp.SampleRelease;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's release archives: 1.0.0 to install, and the release to move to: 2.0.0, or for the
 * bad-release scenario 3.0.0, which never gets healthy.
 */
record DemoReleases(URI first, String target, URI targetUrl) {

    static DemoReleases write(Path dir, boolean bad) throws IOException {
        Path releases = Files.createDirectories(dir.resolve("releases"));
        URI first = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        String target = bad ? "3.0.0" : "2.0.0";
        SampleRelease next = bad ? SampleRelease.of(target).unhealthy() : SampleRelease.of(target);
        URI targetUrl = next.writeTarGz(releases.resolve("app-" + target + ".tar.gz")).toUri();
        return new DemoReleases(first, target, targetUrl);
    }
}
