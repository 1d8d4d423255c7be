package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.ctx.NonRecoverableError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchiveUnpackerTest {

    enum Format { TAR_GZ, TAR, ZIP }

    @TempDir
    Path tmp;
    Path archives;
    Path work;
    Path destination;
    Path outside;
    final ArchiveUnpacker unpacker = new ArchiveUnpacker(new UnpackLimits(1024 * 1024, 100));

    @BeforeEach
    void layout() throws IOException {
        archives = Files.createDirectories(tmp.resolve("archives"));
        work = Files.createDirectories(tmp.resolve("work"));
        destination = work.resolve("release");
        outside = tmp.resolve("outside.txt");
        Files.writeString(outside, "precious");
    }

    private Path write(TestArchive archive, Format format) throws IOException {
        return switch (format) {
            case TAR_GZ -> archive.writeTarGz(archives.resolve("a.tgz"));
            case TAR -> archive.writeTar(archives.resolve("a.tar"));
            case ZIP -> archive.writeZip(archives.resolve("a.zip"));
        };
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void unpacksFilesDirectoriesAndInnerLinksKeepingTheExecutableBit(Format format) throws IOException {
        TestArchive archive = TestArchive.create()
                .dir("bin")
                .file("bin/run.sh", "#!/bin/sh\necho hi\n", 0755)
                .file("data/config.txt", "a=1\n")
                .symlink("bin/config", "../data/config.txt");
        if (format != Format.ZIP) {
            archive.hardlink("data/copy.txt", "data/config.txt");
        }

        unpacker.unpack(write(archive, format), destination, 0);

        assertThat(destination.resolve("bin/run.sh")).hasContent("#!/bin/sh\necho hi");
        assertThat(Files.getPosixFilePermissions(destination.resolve("bin/run.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(destination.resolve("data/config.txt")))
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.readSymbolicLink(destination.resolve("bin/config"))).hasToString("../data/config.txt");
        assertThat(destination.resolve("bin/config")).hasContent("a=1");
        if (format != Format.ZIP) {
            assertThat(destination.resolve("data/copy.txt")).hasContent("a=1");
        }
        assertThat(work).isDirectoryContaining(p -> p.equals(destination));
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).containsExactly(destination);
        }
    }

    @Test
    void tellsFormatsByContentNotByName() throws IOException {
        Path zipNamedTgz = TestArchive.create().file("VERSION", "1").writeZip(archives.resolve("release.tar.gz"));
        Path tgzNamedZip = TestArchive.create().file("VERSION", "2").writeTarGz(archives.resolve("release.zip"));

        unpacker.unpack(zipNamedTgz, work.resolve("one"), 0);
        unpacker.unpack(tgzNamedZip, work.resolve("two"), 0);

        assertThat(work.resolve("one/VERSION")).hasContent("1");
        assertThat(work.resolve("two/VERSION")).hasContent("2");
    }

    @Test
    void stripsLeadingComponents() throws IOException {
        Path archive = TestArchive.create().dir("app-1.0").file("app-1.0/VERSION", "1.0")
                .file("app-1.0/lib/x.js", "x").writeTarGz(archives.resolve("a.tgz"));

        unpacker.unpack(archive, destination, 1);

        assertThat(destination.resolve("VERSION")).hasContent("1.0");
        assertThat(destination.resolve("lib/x.js")).hasContent("x");
        assertThat(destination.resolve("app-1.0")).doesNotExist();
    }

    @Test
    void refusesAnExistingDestination() throws IOException {
        Files.createDirectories(destination);
        Path archive = TestArchive.create().file("VERSION", "1").writeTarGz(archives.resolve("a.tgz"));

        assertThatThrownBy(() -> unpacker.unpack(archive, destination, 0))
                .isInstanceOf(NonRecoverableError.class).hasMessageContaining("already exists");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesZipSlipAfterGoodEntriesAndLeavesNothing(Format format) throws IOException {
        Path archive = write(TestArchive.create().file("ok.txt", "fine").file("../../evil.txt", "pwned"), format);

        assertRefused(archive, "../../evil.txt", "contains '..'");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesAbsolutePaths(Format format) throws IOException {
        Path target = tmp.resolve("evil.txt");
        Path archive = write(TestArchive.create().file("ok.txt", "fine").file(target.toString(), "pwned"), format);

        assertRefused(archive, target.toString(), "absolute path");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesASymlinkLeadingOutside(Format format) throws IOException {
        Path archive = write(TestArchive.create().file("ok.txt", "fine").symlink("escape", "../../outside.txt"),
                format);

        assertRefused(archive, "escape", "outside the release directory");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesAnAbsoluteSymlink(Format format) throws IOException {
        Path archive = write(TestArchive.create().symlink("passwd", outside.toString()), format);

        assertRefused(archive, "passwd", "absolute path");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesWritingThroughASymlinkEvenOneThatStaysInside(Format format) throws IOException {
        // The classic two-step: a link, then an entry under it; here the link is harmless, the write is not allowed.
        Path archive = write(TestArchive.create().dir("real").symlink("alias", "real").file("alias/evil.txt", "x"),
                format);

        assertRefused(archive, "alias/evil.txt", "through the symbolic link 'alias'");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesSymlinksThatEscapeOnlyThroughEachOther(Format format) throws IOException {
        // p/q/up -> ../.. is the release root; p/q/r/out -> ../up/.. reads as p/q lexically but is the root's parent.
        Path archive = write(TestArchive.create().dir("p/q/r").symlink("p/q/up", "../..")
                .symlink("p/q/r/out", "../up/.."), format);

        assertRefused(archive, "p/q/r/out", "through other links");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"TAR", "TAR_GZ"})
    void refusesAHardlinkLeadingOutside(Format format) throws IOException {
        Path archive = write(TestArchive.create().file("ok.txt", "fine").hardlink("hard", "../../outside.txt"), format);

        assertRefused(archive, "hard", "contains '..'");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"TAR", "TAR_GZ"})
    void refusesAnAbsoluteHardlink(Format format) throws IOException {
        Path archive = write(TestArchive.create().hardlink("hard", outside.toString()), format);

        assertRefused(archive, "hard", "absolute path");
        assertThat(outside).hasContent("precious");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"TAR", "TAR_GZ"})
    void refusesDeviceFiles(Format format) throws IOException {
        Path archive = write(TestArchive.create().file("ok.txt", "fine").charDevice("dev/null"), format);

        assertRefused(archive, "dev/null", "device file");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesAnArchiveThatUnpacksPastTheSizeLimit(Format format) throws IOException {
        // Zeros compress to almost nothing: a small archive, a large unpacked size.
        byte[] zeros = new byte[3 * 1024 * 1024];
        Path archive = write(TestArchive.create().file("ok.txt", "fine").file("bomb.bin", zeros), format);
        if (format != Format.TAR) {
            assertThat(Files.size(archive)).isLessThan(1024 * 1024);
        }

        assertRefused(archive, "bomb.bin", "more than the limit of 1048576 bytes");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void refusesAnArchiveWithTooManyEntries(Format format) throws IOException {
        TestArchive many = TestArchive.create();
        for (int i = 0; i < 101; i++) {
            many.file("f" + i + ".txt", "x");
        }

        assertRefused(write(many, format), "f100.txt", "more than the limit of 100 entries");
    }

    @Test
    void refusesWhatIsNoArchive() throws IOException {
        Path text = Files.writeString(archives.resolve("release.tar.gz"), "<html>not found</html>");

        assertThatThrownBy(() -> unpacker.unpack(text, destination, 0))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("'release.tar.gz' is not a release archive")
                .hasMessageContaining("expected a tar.gz/tgz, tar or zip archive");
        assertNothingLeft();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aTruncatedArchiveIsCalledSoNamingWhereItCameFrom(Format format) throws IOException {
        Path whole = write(TestArchive.create().file("big.bin", "0123456789abcdef".repeat(4096))
                .file("VERSION", "1.0"), format);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(archives.resolve("cut"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

        assertThatThrownBy(() -> unpacker.unpack(cut, destination, 0, "release archive http://***@h/r.tgz"))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageStartingWith("truncated or corrupt archive: release archive http://***@h/r.tgz");
        assertNothingLeft();
    }

    private void assertRefused(Path archive, String entry, String why) throws IOException {
        assertThatThrownBy(() -> unpacker.unpack(archive, destination, 0))
                .isInstanceOf(NonRecoverableError.class)
                .hasMessageContaining("refused at entry '" + entry + "'")
                .hasMessageContaining(why);
        assertNothingLeft();
    }

    /** No release dir, no staging dir, nothing written anywhere but the inputs, and the outside file intact. */
    private void assertNothingLeft() throws IOException {
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
        try (Stream<Path> all = Files.walk(tmp)) {
            List<Path> files = all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
            assertThat(files).allMatch(p -> p.startsWith(archives) || p.equals(outside), "only the inputs exist");
        }
        assertThat(outside).hasContent("precious");
    }
}
