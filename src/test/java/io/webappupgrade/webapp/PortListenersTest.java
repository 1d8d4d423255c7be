package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port-holder lookup: the kernel's socket tables, the fd links, the command line. */
class PortListenersTest {

    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
            + " retrnsmt   uid  timeout inode\n";

    @TempDir
    Path proc;

    private static String row(String local, String state, long inode) {
        return "   0: " + local + " 00000000:0000 " + state + " 00000000:00000000 00:00000000 00000000  1000        0 "
                + inode + " 1 0000000000000000 100 0 0 10 0\n";
    }

    private void process(long pid, String cmdline, long... socketInodes) throws IOException {
        Path fd = Files.createDirectories(proc.resolve(pid + "/fd"));
        Files.write(proc.resolve(pid + "/cmdline"), cmdline.replace(' ', '\0').getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/null"));
        for (int i = 0; i < socketInodes.length; i++) {
            Files.createSymbolicLink(fd.resolve(String.valueOf(3 + i)), Path.of("socket:[" + socketInodes[i] + "]"));
        }
    }

    @Test
    void namesTheProcessWhoseFdLinksToTheListeningSocketOfThePort() throws IOException {
        Files.createDirectories(proc.resolve("net"));
        // As the kernel lists them, listeners first: 127.0.0.1:8080 (inode 501), 0.0.0.0:9090 (503);
        // then 127.0.0.1:8080 established (502, not a listener)
        Files.writeString(proc.resolve("net/tcp"), TCP_HEADER + row("0100007F:1F90", "0A", 501)
                + row("00000000:2382", "0A", 503) + row("0100007F:1F90", "01", 502));
        Files.writeString(proc.resolve("net/tcp6"), TCP_HEADER);
        process(42, "python3 -m http.server 8080", 777, 501);
        process(43, "nginx: worker", 503);
        PortListeners listeners = new PortListeners(proc);

        assertThat(listeners.available()).isTrue();
        assertThat(listeners.holders(InetAddress.getByName("127.0.0.1"), 8080))
                .containsExactly(new PortHolder(OptionalLong.of(42), "python3 -m http.server 8080"));
        // A wildcard listener takes the connections of every address.
        assertThat(listeners.holders(InetAddress.getByName("127.0.0.1"), 9090)).extracting(PortHolder::command)
                .containsExactly("nginx: worker");
        assertThat(listeners.holders(InetAddress.getByName("127.0.0.1"), 8081)).isEmpty();
        // A listener on another address does not hold this one.
        assertThat(listeners.holders(InetAddress.getByName("127.0.0.2"), 8080)).isEmpty();
    }

    @Test
    void readsTheTableOnlyUpToItsFirstConnectionAsTheKernelListsListenersFirst() throws IOException {
        Files.createDirectories(proc.resolve("net"));
        // 8080 listening, a SYN_RECV row (older kernels list them under their listener), 8081
        // listening, then the connections; a LISTEN row after them is not one the kernel writes,
        // and is not read
        Files.writeString(proc.resolve("net/tcp"), TCP_HEADER + row("0100007F:1F90", "0A", 501)
                + row("0100007F:1F90", "03", 0) + row("0100007F:1F91", "0A", 502)
                + row("0100007F:1F90", "06", 0) + row("0100007F:1F92", "0A", 503));

        assertThat(PortListeners.listening(proc.resolve("net/tcp"))).extracting(PortListeners.Socket::port)
                .containsExactly(8080, 8081);
    }

    @Test
    void looksAtTheLikelyHoldersFirstAndStillNamesAnotherWhenTheyDoNotHoldIt() throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), TCP_HEADER + row("0100007F:1F90", "0A", 501)
                + row("0100007F:1F91", "0A", 601));
        Files.writeString(proc.resolve("net/tcp6"), TCP_HEADER);
        // 8080: a start script (40) and the app it forked (41) share the inherited listening socket
        process(40, "sh -c node server.js", 501);
        process(41, "node server.js", 501);
        // 8081: held by a stale process, not by the one expected there
        process(50, "node old-server.js", 601);
        process(51, "node server.js");
        PortListeners listeners = new PortListeners(proc);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertThat(listeners.holders(loopback, 8080, Set.of(41L)))
                .containsExactly(new PortHolder(OptionalLong.of(41), "node server.js"));
        assertThat(listeners.holders(loopback, 8081, Set.of(51L)))
                .containsExactly(new PortHolder(OptionalLong.of(50), "node old-server.js"));
        assertThat(listeners.holders(loopback, 8081, Set.of(999L))).extracting(PortHolder::command)
                .containsExactly("node old-server.js");
    }

    @Test
    void readsIpv6AndMappedAddressesAndSaysUnknownWhenNoVisibleProcessHoldsTheSocket() throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), TCP_HEADER);
        // [::]:8080 (inode 601), [::ffff:127.0.0.1]:8081 (602), [::1]:8082 (603)
        Files.writeString(proc.resolve("net/tcp6"), TCP_HEADER
                + row("00000000000000000000000000000000:1F90", "0A", 601)
                + row("0000000000000000FFFF00000100007F:1F91", "0A", 602)
                + row("00000000000000000000000001000000:1F92", "0A", 603));
        process(7, "node server.js", 602);
        PortListeners listeners = new PortListeners(proc);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertThat(listeners.holders(loopback, 8080)).containsExactly(PortHolder.unknown());
        assertThat(listeners.holders(loopback, 8081)).extracting(h -> h.pid().getAsLong()).containsExactly(7L);
        assertThat(listeners.holders(loopback, 8082)).isEmpty();
        assertThat(listeners.holders(InetAddress.getByName("::1"), 8082)).hasSize(1);
        assertThat(PortHolder.unknown().describe()).startsWith("an unknown process");
    }

    @Test
    void withoutSocketTablesNothingCanBeTold() {
        PortListeners listeners = new PortListeners(proc.resolve("absent"));

        assertThat(listeners.available()).isFalse();
        assertThat(listeners.holders(InetAddress.getLoopbackAddress(), 80)).isEmpty();
    }

    @Test
    void findsThisJvmListeningOnARealPortWhenTheSystemHasProc() throws IOException {
        PortListeners system = PortListeners.system();
        org.junit.jupiter.api.Assumptions.assumeTrue(system.available(), "needs Linux /proc");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<PortHolder> holders = system.holders(InetAddress.getByName("127.0.0.1"), socket.getLocalPort());

            assertThat(holders).hasSize(1);
            assertThat(holders.get(0).pid()).hasValue(ProcessHandle.current().pid());
            assertThat(holders.get(0).command()).contains("java");
            assertThat(holders.get(0).describe()).startsWith("pid " + ProcessHandle.current().pid() + " (");
        }
    }

    @Test
    void aPortTakenByThisJvmIsRefusedNamingItAndAFreeOneIsNot() throws IOException {
        PortGuard guard = new PortGuard(PortListeners.system());
        org.junit.jupiter.api.Assumptions.assumeTrue(PortListeners.system().available(), "needs Linux /proc");
        int free;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = socket.getLocalPort();
            assertThatThrownBy(() -> guard.requireFree("127.0.0.1", port))
                    .isInstanceOf(AppStartError.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use by pid "
                            + ProcessHandle.current().pid() + " (")
                    .hasMessageContaining("give the node another 'port'");
            free = port;
        }
        guard.requireFree("127.0.0.1", free);
    }
}
