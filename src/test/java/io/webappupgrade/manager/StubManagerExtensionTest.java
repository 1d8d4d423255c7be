package io.webappupgrade.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class StubManagerExtensionTest {

    @Test
    void theClientsLogAndStubBelongToOneTestAndAreClosedAfterIt() throws IOException {
        StubManagerExtension stub = new StubManagerExtension(1000);
        StubManager first = stub.manager();
        int port = first.server().port();
        assertThat(stub.client()).isSameAs(stub.client());
        assertThat(stub.client(2)).isNotSameAs(stub.client());
        assertThat(stub.log()).isSameAs(stub.log());
        try (Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }

        stub.afterEach(null);

        assertThat(first.server().isRunning()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket closed = new Socket()) {
                closed.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
        StubManager next = stub.manager();
        assertThat(next).isNotSameAs(first);
        assertThat(next.server().isRunning()).isTrue();
        stub.afterEach(null);
    }
}
