package io.webappupgrade.webapp;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who listens on a TCP port, read from Linux's {@code /proc}: the listening sockets in
 * {@code net/tcp} and {@code net/tcp6} give an inode, the process whose {@code fd/} links to
 * {@code socket:[inode]} holds it, its {@code cmdline} says what it is. Without {@code /proc}
 * (not Linux) nothing can be told, which {@link #available()} says.
 */
public final class PortListeners {

    private static final String LISTEN = "0A";
    private static final String SYN_RECV = "03";
    private static final int MAX_COMMAND = 200;
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private final Path proc;

    /** @param proc the proc file system, {@code /proc} outside tests */
    public PortListeners(Path proc) {
        this.proc = Objects.requireNonNull(proc, "proc");
    }

    public static PortListeners system() {
        return new PortListeners(Path.of("/proc"));
    }

    /** Whether the socket tables can be read at all; when not, no holder can be named. */
    public boolean available() {
        return Files.isReadable(proc.resolve("net/tcp"));
    }

    /**
     * The processes listening on {@code port} where a server bound to {@code address} would
     * listen: on that address, on a wildcard address, or anywhere when {@code address} is a
     * wildcard. One entry per socket found, in the order of the tables.
     */
    public List<PortHolder> holders(InetAddress address, int port) {
        return holders(address, port, Set.of());
    }

    /**
     * As {@link #holders(InetAddress, int)}, looking first at the processes {@code likely}: when
     * they hold every socket found, the other processes are not read (a scan of every process's
     * {@code fd/} takes tens of milliseconds on a busy machine).
     */
    public List<PortHolder> holders(InetAddress address, int port, Set<Long> likely) {
        List<Long> inodes = new ArrayList<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            for (Socket socket : listening(proc.resolve(table))) {
                if (socket.port() == port && overlaps(socket.address(), address)) {
                    inodes.add(socket.inode());
                }
            }
        }
        if (inodes.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> owners = owners(new HashSet<>(inodes), likely);
        List<PortHolder> holders = new ArrayList<>();
        for (long inode : inodes) {
            Long pid = owners.get(inode);
            holders.add(pid == null ? PortHolder.unknown() : new PortHolder(OptionalLong.of(pid), command(pid)));
        }
        return List.copyOf(holders);
    }

    /** A listening socket of the table: where it listens and its inode. */
    record Socket(InetAddress address, int port, long inode) {
    }

    /**
     * The LISTEN rows of one {@code /proc/net/tcp*} table; none when it cannot be read.
     *
     * <p>The kernel lists the listening sockets first (its listening hash), then every other
     * socket (its established hash: connections, TIME_WAIT, SYN_RECV). So the reading stops at the
     * first row that is neither LISTEN nor SYN_RECV (which older kernels list under their
     * listener): on a machine serving traffic the table holds thousands of connections, and
     * having the kernel print them all cost 5-10 ms per table, twice per app start.
     */
    static List<Socket> listening(Path table) {
        List<Socket> sockets = new ArrayList<>();
        try (BufferedReader rows = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
            rows.readLine(); // the header
            for (String row = rows.readLine(); row != null; row = rows.readLine()) {
                String state = state(row);
                if (LISTEN.equals(state)) {
                    parse(row).ifPresent(sockets::add);
                } else if (!SYN_RECV.equals(state)) {
                    break;
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return sockets;
    }

    /** The fourth field of a row, the socket's state in hex; "" for a row too short to have one. */
    private static String state(String row) {
        int field = 0;
        int i = 0;
        int n = row.length();
        while (i < n) {
            while (i < n && row.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && row.charAt(i) != ' ') {
                i++;
            }
            if (start < i && field++ == 3) {
                return row.substring(start, i);
            }
        }
        return "";
    }

    /** One row: "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...". */
    static Optional<Socket> parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !LISTEN.equals(f[3])) {
            return Optional.empty();
        }
        int colon = f[1].indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByAddress(kernelOrder(f[1].substring(0, colon)));
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            return Optional.of(new Socket(address, port, Long.parseLong(f[9])));
        } catch (NumberFormatException | UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The kernel prints an address as 32-bit words in host (little-endian) order. */
    private static byte[] kernelOrder(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new NumberFormatException("not an address: " + hex);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + b) * 2;
                bytes[word * 4 + (3 - b)] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return bytes;
    }

    /** Whether a socket on {@code bound} takes connections meant for {@code wanted} (or the reverse). */
    static boolean overlaps(InetAddress bound, InetAddress wanted) {
        InetAddress a = unmapped(bound);
        InetAddress b = unmapped(wanted);
        return a.isAnyLocalAddress() || b.isAnyLocalAddress() || a.equals(b);
    }

    /** {@code ::ffff:127.0.0.1} as {@code 127.0.0.1}; Java maps only the textual form itself. */
    private static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    /** Socket inode to pid, for the inodes asked; processes that cannot be read are passed over. */
    private Map<Long, Long> owners(Set<Long> inodes, Set<Long> likely) {
        Map<Long, Long> owners = new LinkedHashMap<>();
        for (long pid : likely) {
            scanFds(proc.resolve(Long.toString(pid)).resolve("fd"), pid, inodes, owners);
        }
        if (owners.size() == inodes.size()) {
            return owners;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                long pid;
                try {
                    pid = Long.parseLong(process.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                scanFds(process.resolve("fd"), pid, inodes, owners);
                if (owners.size() == inodes.size()) {
                    break;
                }
            }
        } catch (IOException e) {
            return owners;
        }
        return owners;
    }

    private static void scanFds(Path fdDir, long pid, Set<Long> inodes, Map<Long, Long> owners) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        long inode = Long.parseLong(m.group(1));
                        if (inodes.contains(inode)) {
                            owners.putIfAbsent(inode, pid);
                        }
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // the fd closed meanwhile: not a holder
                }
            }
        } catch (IOException e) {
            // another user's process (or gone): its sockets stay unnamed
        }
    }

    /** The command line, NULs as spaces, shortened; empty when it cannot be read. */
    private String command(long pid) {
        try {
            byte[] raw = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
            String text = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return text.length() > MAX_COMMAND ? text.substring(0, MAX_COMMAND) + "..." : text;
        } catch (IOException e) {
            return "";
        }
    }
}
