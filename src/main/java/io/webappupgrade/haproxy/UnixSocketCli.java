package io.webappupgrade.haproxy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.io.ByteArrayOutputStream;

/**
 * Sends one command to an HAProxy CLI socket (stats socket or master socket) and reads the whole
 * reply. One command per connection: in non-interactive mode HAProxy answers and closes, so the
 * end of the reply is the end of the stream. Connect and read are bounded by timeouts.
 */
final class UnixSocketCli {

    private final Path socket;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    UnixSocketCli(Path socket, Duration connectTimeout, Duration readTimeout) {
        this.socket = socket;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    Path socket() {
        return socket;
    }

    /** The raw reply to {@code command}; an {@link IOException} when the socket cannot be used in time. */
    String send(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            connect(channel, selector);
            write(channel, selector, command);
            return read(channel, selector);
        }
    }

    private void connect(SocketChannel channel, Selector selector) throws IOException {
        if (channel.connect(UnixDomainSocketAddress.of(socket))) {
            return;
        }
        SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
        if (selector.select(connectTimeout.toMillis()) == 0) {
            throw new IOException("no connection to " + socket + " within " + connectTimeout.toMillis() + " ms");
        }
        channel.finishConnect();
        key.cancel();
        selector.selectNow();
    }

    private void write(SocketChannel channel, Selector selector, String command) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + readTimeout.toNanos();
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0 && waitReady(selector, deadline) == 0) {
                throw new IOException("could not send to " + socket + " within " + readTimeout.toMillis() + " ms");
            }
            selector.selectedKeys().clear();
        }
        key.cancel();
        selector.selectNow();
        // the master socket answers only once it sees the end of the request
        channel.shutdownOutput();
    }

    private String read(SocketChannel channel, Selector selector) throws IOException {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        channel.register(selector, SelectionKey.OP_READ);
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        while (true) {
            int n = channel.read(in);
            if (n < 0) {
                return reply.toString(StandardCharsets.UTF_8);
            }
            if (n > 0) {
                reply.write(in.array(), 0, in.position());
                in.clear();
                continue;
            }
            if (waitReady(selector, deadline) == 0) {
                throw new IOException("no complete reply from " + socket + " within " + readTimeout.toMillis() + " ms");
            }
            selector.selectedKeys().clear();
        }
    }

    /** Waits for the registered readiness until the deadline; 0 means the time is up. */
    private static int waitReady(Selector selector, long deadlineNanos) throws IOException {
        long left = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
        // select(0) would wait forever
        return left <= 0 ? 0 : selector.select(left);
    }
}
