package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes archive entries into one directory and nowhere else. Entry names that are absolute or
 * hold {@code ..} are refused; nothing is ever written through a symbolic link; links whose
 * target leaves the directory are refused; device files and other special files are refused;
 * the entry count and the bytes written are bounded. Every refusal is a {@link NonRecoverableError}
 * naming the archive and the entry; the caller removes what was written.
 */
final class ConfinedWriter {

    private static final int MAX_LINK_HOPS = 40;
    private static final int MODE_BITS = 0777;

    private final Path root;
    private final String archiveName;
    private final UnpackLimits limits;
    private final int stripComponents;
    private final Map<Path, Integer> directoryModes = new LinkedHashMap<>();
    private final List<Path> symlinks = new ArrayList<>();
    private long bytesWritten;
    private int entries;

    ConfinedWriter(Path root, String archiveName, UnpackLimits limits, int stripComponents) {
        this.root = root.toAbsolutePath().normalize();
        this.archiveName = archiveName;
        this.limits = limits;
        this.stripComponents = stripComponents;
    }

    void directory(String name, int mode) throws IOException {
        Path dir = place(name);
        if (dir == null) {
            return;
        }
        ensureDirectory(dir, name);
        directoryModes.put(dir, mode);
    }

    void file(String name, int mode, InputStream content) throws IOException {
        Path file = place(name);
        if (file == null) {
            return;
        }
        prepareSlot(file, name);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            int n;
            while ((n = content.read(buffer)) != -1) {
                bytesWritten += n;
                // Counted as written, not taken from headers, which an archive may fake.
                if (bytesWritten > limits.maxTotalBytes()) {
                    throw refuse(name, "the archive unpacks to more than the limit of " + limits.maxTotalBytes()
                            + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        Files.setPosixFilePermissions(file, permissions(mode));
    }

    void symlink(String name, String target) throws IOException {
        Path link = place(name);
        if (link == null) {
            return;
        }
        if (target.isEmpty() || target.startsWith("/")) {
            throw refuse(name, "it is a symbolic link to the absolute path '" + target + "'");
        }
        Path lexical;
        try {
            lexical = link.getParent().resolve(target).normalize();
        } catch (InvalidPathException e) {
            throw refuse(name, "its link target is not a valid path");
        }
        if (!lexical.startsWith(root)) {
            throw refuse(name, "it is a symbolic link to '" + target + "', outside the release directory");
        }
        prepareSlot(link, name);
        Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
        symlinks.add(link);
    }

    void hardlink(String name, String targetName) throws IOException {
        Path link = place(name);
        if (link == null) {
            return;
        }
        Path existing = checkedPath(targetName, "its hard link target '" + targetName + "'", name);
        if (existing == null || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(name, "it is a hard link to '" + targetName
                    + "', which is not a regular file unpacked earlier from this archive");
        }
        prepareSlot(link, name);
        Files.createLink(link, existing);
    }

    void special(String name, String kind) {
        countEntry(name);
        throw refuse(name, "it is a " + kind + ", which a release may not contain");
    }

    /**
     * Checks every symbolic link once all entries are written, following links through each
     * other, since a link that stays inside on its own may leave through another one.
     * Then gives directories their modes (last, so a read-only directory could still be filled).
     */
    void finish() throws IOException {
        for (Path link : symlinks) {
            String target = Files.readSymbolicLink(link).toString();
            if (resolve(link.getParent(), target, 0) == null) {
                throw refuse(root.relativize(link).toString(), "its link target '" + target
                        + "' leads outside the release directory through other links");
            }
        }
        for (Map.Entry<Path, Integer> dir : directoryModes.entrySet()) {
            // The owner keeps full access so the release can be pruned later.
            Set<PosixFilePermission> perms = permissions(dir.getValue() | 0700);
            Files.setPosixFilePermissions(dir.getKey(), perms);
        }
    }

    /** Where an entry goes, or null when stripping leading components leaves nothing of it. */
    private Path place(String name) throws IOException {
        countEntry(name);
        return checkedPath(name, "its name", name);
    }

    private Path checkedPath(String name, String what, String entry) throws IOException {
        if (name.startsWith("/") || name.startsWith("\\")) {
            throw refuse(entry, what + " is an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw refuse(entry, what + " contains '..'");
            }
            parts.add(part);
        }
        if (parts.size() <= stripComponents) {
            return null;
        }
        Path path = root;
        try {
            for (String part : parts.subList(stripComponents, parts.size())) {
                path = path.resolve(part);
            }
        } catch (InvalidPathException e) {
            throw refuse(entry, what + " is not a valid path");
        }
        Path normalized = path.normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw refuse(entry, what + " does not name a place inside the release directory");
        }
        refuseLinksOnTheWay(normalized.getParent(), entry);
        return normalized;
    }

    /** Creates the parent directories of {@code path} and refuses if any of them is a symbolic link. */
    private void refuseLinksOnTheWay(Path dir, String entry) throws IOException {
        Path current = root;
        for (Path part : root.relativize(dir)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw refuse(entry, "it would be written through the symbolic link '" + root.relativize(current) + "'");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw refuse(entry, "'" + root.relativize(current) + "' is a file, not a directory");
            }
        }
    }

    private void ensureDirectory(Path dir, String entry) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw refuse(entry, "a symbolic link of the same name was unpacked before it");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(entry, "a file of the same name was unpacked before it");
        }
    }

    /** Makes room for a file or link: a repeated file replaces the earlier one, anything else is refused. */
    private void prepareSlot(Path path, String entry) throws IOException {
        if (Files.isSymbolicLink(path) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(entry, "an entry of the same name and another kind was unpacked before it");
        }
        Files.deleteIfExists(path);
    }

    private Path resolve(Path dir, String target, int hops) throws IOException {
        if (hops > MAX_LINK_HOPS || target.startsWith("/")) {
            return null;
        }
        Path current = dir;
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (current.equals(root)) {
                    return null;
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                current = resolve(current, Files.readSymbolicLink(next).toString(), hops + 1);
                if (current == null) {
                    return null;
                }
            } else {
                current = next;
            }
        }
        return current;
    }

    private void countEntry(String name) {
        entries++;
        if (entries > limits.maxEntries()) {
            throw refuse(name, "the archive has more than the limit of " + limits.maxEntries() + " entries");
        }
    }

    private NonRecoverableError refuse(String entry, String why) {
        return new NonRecoverableError("archive " + archiveName + " was refused at entry '" + printable(entry)
                + "': " + why + "; nothing was unpacked");
    }

    private static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    /** The rwx bits of a Unix mode; set-user-id, set-group-id and sticky bits are dropped on purpose. */
    private static Set<PosixFilePermission> permissions(int mode) {
        int m = mode & MODE_BITS;
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
        };
        for (int i = 0; i < order.length; i++) {
            if ((m & (0400 >> i)) != 0) {
                perms.add(order[i]);
            }
        }
        return perms;
    }
}
