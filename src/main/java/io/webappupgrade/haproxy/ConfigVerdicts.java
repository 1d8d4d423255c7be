package io.webappupgrade.haproxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Remembers which configs HAProxy has accepted, so that a backend change which only removes
 * servers, or marks one {@code disabled} or enabled again, does not run {@code haproxy -c} again
 * (30-40 ms each, four times per instance in a rolling upgrade).
 *
 * <p>A config is split into its <em>template</em> (every line that is not a {@code server} line)
 * and its server lines (without a trailing {@code disabled}, a keyword every HAProxy accepts on
 * any server). It counts as accepted when an accepted config had the same template, checked by
 * the same HAProxy binary (path, size and modification time), and every one of its server lines
 * appeared in an accepted config of that template. That is sound for the configs
 * {@link ConfigRenderer} writes: nothing in the template refers to a server by name, and a server
 * line's validity depends on that line alone, so any subset of accepted lines under an accepted
 * template is accepted too. A new template, a new server line, a config with no server, another
 * binary, or an unreadable record means {@code haproxy -c} runs as before.
 *
 * <p>The record is a small file beside the config, replaced atomically; deleting it only costs
 * one more check. Writers hold the backend set's lock; a record lost to a race costs the same.
 */
final class ConfigVerdicts {

    private static final String HEADER = "# templates and server lines 'haproxy -c' accepted (webapp-upgrade; safe to delete)";
    private static final String SERVER_LINE = "    server ";
    private static final String DISABLED = " disabled";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Path file;
    private final Optional<String> binary;

    /**
     * @param file   where the record is kept
     * @param binary what identifies the HAProxy binary doing the checks; empty when it cannot be
     *               identified, and then nothing counts as accepted beforehand
     */
    ConfigVerdicts(Path file, Optional<String> binary) {
        this.file = file;
        this.binary = binary;
    }

    /** Remembers nothing: every config is checked. */
    static ConfigVerdicts none() {
        return new ConfigVerdicts(Path.of(".accepted"), Optional.empty());
    }

    /** Beside {@code config}, for the binary {@code haproxyBinary} (a path, or a name looked up on PATH). */
    static ConfigVerdicts beside(Path config, String haproxyBinary) {
        return new ConfigVerdicts(config.resolveSibling(config.getFileName() + ".accepted"), identify(haproxyBinary));
    }

    /** Whether a config of this text was, by the rule above, already accepted. */
    boolean accepted(String config) {
        Split split = Split.of(config);
        if (binary.isEmpty() || split.lines().isEmpty()
                || !split.lines().stream().allMatch(ConfigVerdicts::literalAddress)) {
            return false;
        }
        List<String> record = read();
        if (record.size() < 2 || !record.get(1).equals(key(split))) {
            return false;
        }
        Set<String> known = Set.copyOf(record.subList(2, record.size()));
        return split.lines().stream().map(ConfigVerdicts::sha256).allMatch(known::contains);
    }

    /** Records that HAProxy accepted {@code config}; failing to record it only costs a check later. */
    void recordAccepted(String config) {
        if (binary.isEmpty()) {
            return;
        }
        Split split = Split.of(config);
        String key = key(split);
        List<String> record = read();
        Set<String> lines = new LinkedHashSet<>();
        if (record.size() >= 2 && record.get(1).equals(key)) {
            lines.addAll(record.subList(2, record.size()));
        }
        split.lines().forEach(l -> lines.add(sha256(l)));
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        out.add(key);
        out.addAll(lines);
        Path temp = null;
        try {
            temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".new");
            Files.write(temp, out, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            // not recorded: the next change checks again
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless
                }
            }
        }
    }

    private String key(Split split) {
        return sha256(binary.orElseThrow() + "\n" + split.template());
    }

    private List<String> read() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A config's template (its other lines, in order) and its server lines, each without {@code disabled}. */
    private record Split(String template, List<String> lines) {
        static Split of(String config) {
            StringBuilder template = new StringBuilder();
            List<String> lines = new ArrayList<>();
            config.lines().forEach(line -> {
                if (line.startsWith(SERVER_LINE)) {
                    lines.add(line.endsWith(DISABLED) ? line.substring(0, line.length() - DISABLED.length()) : line);
                } else {
                    template.append(line).append('\n');
                }
            });
            return new Split(template.toString(), lines);
        }
    }

    /**
     * Whether a server line's address is an IP literal: a host name is resolved when HAProxy reads
     * the config, so an earlier verdict says nothing about whether it resolves now.
     */
    static boolean literalAddress(String serverLine) {
        String[] words = serverLine.strip().split("\\s+");
        if (words.length < 3) {
            return false;
        }
        String hostPort = words[2];
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return IPV4.matcher(host).matches() || (host.indexOf(':') >= 0 && IPV6.matcher(host).matches());
    }

    /** The binary's real path, size and modification time; empty when it cannot be found. */
    static Optional<String> identify(String haproxyBinary) {
        List<Path> candidates = new ArrayList<>();
        if (haproxyBinary.indexOf('/') >= 0) {
            candidates.add(Path.of(haproxyBinary));
        } else {
            String path = System.getenv("PATH");
            if (path != null) {
                for (String dir : path.split(":")) {
                    if (!dir.isEmpty()) {
                        candidates.add(Path.of(dir, haproxyBinary));
                    }
                }
            }
        }
        for (Path candidate : candidates) {
            try {
                if (Files.isExecutable(candidate) && Files.isRegularFile(candidate)) {
                    Path real = candidate.toRealPath();
                    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                    return Optional.of(real + " " + a.size() + " " + a.lastModifiedTime().toMillis());
                }
            } catch (IOException | SecurityException e) {
                // not this one
            }
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
