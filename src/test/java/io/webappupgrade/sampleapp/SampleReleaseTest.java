package io.webappupgrade.sampleapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.webapp.ArchiveUnpacker;
import io.webappupgrade.webapp.UnpackLimits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleReleaseTest {

    @TempDir
    Path tmp;
    final ArchiveUnpacker unpacker = new ArchiveUnpacker(new UnpackLimits(10_000_000, 100));

    @Test
    void aHealthyReleaseCarriesTheServerAndItsVersion() {
        Path archive = SampleRelease.of("2.1.0").writeTarGz(tmp.resolve("r.tgz"));

        unpacker.unpack(archive, tmp.resolve("out"), 0);

        assertThat(tmp.resolve("out/VERSION")).hasContent("2.1.0");
        assertThat(tmp.resolve("out/server.js")).hasContent(SampleRelease.serverJs());
        assertThat(tmp.resolve("out/UNHEALTHY")).doesNotExist();
    }

    @Test
    void anUnhealthyReleaseUnderATopDirectoryCarriesTheMarker() {
        Path archive = SampleRelease.of("3.0.0").unhealthy().underDirectory("app-3.0.0")
                .writeTarGz(tmp.resolve("r.tgz"));

        unpacker.unpack(archive, tmp.resolve("out"), 0);

        assertThat(tmp.resolve("out/app-3.0.0/VERSION")).hasContent("3.0.0");
        assertThat(tmp.resolve("out/app-3.0.0/UNHEALTHY")).exists();
    }
}
