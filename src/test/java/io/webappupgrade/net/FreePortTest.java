package io.webappupgrade.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void aLoopbackPortCanBeBoundRightAway() throws IOException {
        int port = FreePort.onLoopback();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortOnAGivenAddressCanBeBoundThere() throws IOException {
        int port = FreePort.on("127.0.0.1");

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void anAddressThatIsNotThisHostsIsRefusedByName() {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never assigned to an interface.
        assertThatThrownBy(() -> FreePort.on("192.0.2.7"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("could not find a free port on 192.0.2.7: ");
    }
}
