package io.webappupgrade.cli;

import io.webappupgrade.sampleapp.SampleRelease;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's release archives: 1.0.0 to install, and the release to move to: 2.0.0, or for the
 * bad-release scenario 3.0.0, which never gets healthy, or for the bad-canary scenario 4.0.0, healthy
 * on /health but answering 500 to one request in five.
 */
record DemoReleases(URI first, String target, URI targetUrl) {

    /** One request in this many fails on the bad-canary scenario's release. */
    static final int BAD_CANARY_FAILS_EVERY = 5;

    static DemoReleases write(Path dir, String scenario) throws IOException {
        Path releases = Files.createDirectories(dir.resolve("releases"));
        URI first = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri();
        SampleRelease next = switch (scenario) {
            case "bad-release" -> SampleRelease.of("3.0.0").unhealthy();
            case "bad-canary" -> SampleRelease.of("4.0.0").failingEvery(BAD_CANARY_FAILS_EVERY);
            default -> SampleRelease.of("2.0.0");
        };
        String target = next.version();
        URI targetUrl = next.writeTarGz(releases.resolve("app-" + target + ".tar.gz")).toUri();
        return new DemoReleases(first, target, targetUrl);
    }
}
