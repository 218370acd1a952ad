package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.Connect;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * K connections held open and silent, C10K-style. Each one first proves it is being served
 * (one byte echoed back) and then says nothing more, like a keep-alive connection between
 * requests: the server has accepted it, holds whatever a connection costs in its design (a
 * thread, a buffer, a registration), and must keep serving the active connections beside it.
 */
public final class IdleConnections implements Closeable {

    private final List<SocketChannel> channels = new ArrayList<>();

    /**
     * Opens {@code count} connections, one at a time, each with a bounded connect and echo.
     *
     * @throws IOException naming how many were held before the first failure
     */
    public IdleConnections(InetSocketAddress server, int count, Duration timeout) throws IOException {
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel ch;
                try {
                    ch = Connect.blocking(server, timeout);
                    channels.add(ch);
                    ch.socket().setSoTimeout((int) timeout.toMillis());
                    ch.socket().getOutputStream().write('i');
                    if (ch.socket().getInputStream().read() != 'i') {
                        throw new IOException("the server did not echo the idle connection's byte");
                    }
                } catch (IOException e) {
                    throw new IOException("held " + i + " of " + count + " idle connections, then: " + e, e);
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public int size() {
        return channels.size();
    }

    /** How many of the idle connections the server has closed (a read of 0 bytes, not pending). */
    public int closedByServer() throws IOException {
        int closed = 0;
        ByteBuffer probe = ByteBuffer.allocate(1);
        for (SocketChannel ch : channels) {
            ch.configureBlocking(false);
            probe.clear();
            try {
                if (ch.read(probe) < 0) {
                    closed++;
                }
            } catch (IOException e) {
                closed++; // reset
            }
        }
        return closed;
    }

    @Override
    public void close() {
        for (SocketChannel ch : channels) {
            Connect.closeQuietly(ch);
        }
        channels.clear();
    }
}
