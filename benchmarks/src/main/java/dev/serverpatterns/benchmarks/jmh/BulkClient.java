package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.Connect;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;

/**
 * The bulk load: one connection streaming {@code messageSize} messages (64 KiB) to an echo
 * server, with up to {@code window} messages in flight, reading the echo as it comes. Writing
 * and reading share one non-blocking loop, so the client never blocks in a write while the
 * server blocks in its own write back to it (the deadlock of a naive bulk echo client).
 *
 * <p>One {@link #message()} call returns when one more whole message has come back.
 */
public final class BulkClient implements Closeable {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer out;
    private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
    private final int messageSize;
    private final long window;
    private final long stallNanos;
    private long sent;
    private long received;

    public BulkClient(InetSocketAddress server, int messageSize, int window, Duration stallTimeout) throws IOException {
        this.messageSize = messageSize;
        this.window = (long) window * messageSize;
        this.stallNanos = stallTimeout.toNanos();
        byte[] payload = new byte[messageSize];
        for (int i = 0; i < messageSize; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        this.out = ByteBuffer.allocateDirect(messageSize).put(payload).flip();
        this.channel = Connect.blocking(server, stallTimeout);
        Selector sel = null;
        try {
            // one message in lock-step first: the server must echo it byte for byte
            channel.socket().setSoTimeout((int) stallTimeout.toMillis());
            channel.socket().getOutputStream().write(payload);
            byte[] back = channel.socket().getInputStream().readNBytes(messageSize);
            if (!Arrays.equals(back, payload)) {
                throw new IOException("the server did not echo a " + messageSize + "-byte message byte for byte");
            }
            channel.configureBlocking(false);
            sel = Selector.open();
            this.key = channel.register(sel, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            this.selector = sel;
        } catch (IOException | RuntimeException e) {
            Connect.closeQuietly(channel);
            if (sel != null) {
                sel.close();
            }
            throw e;
        }
    }

    /** Returns once one more whole message has been echoed back. */
    public void message() throws IOException {
        long target = (received / messageSize + 1) * messageSize;
        long deadline = 0;
        while (received < target) {
            boolean progress = false;
            if (sent - received < window) {
                if (!out.hasRemaining()) {
                    out.rewind();
                }
                int w = channel.write(out);
                sent += w;
                progress = w > 0;
            }
            in.clear();
            int r = channel.read(in);
            if (r < 0) {
                throw new IOException("the server closed the bulk connection");
            }
            received += r;
            if (r > 0 || progress) {
                deadline = 0;
                continue;
            }
            key.interestOps(sent - received < window ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                    : SelectionKey.OP_READ);
            if (selector.select(100) == 0) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + stallNanos;
                } else if (now - deadline > 0) {
                    throw new IOException("no bulk progress for " + Duration.ofNanos(stallNanos).toSeconds()
                            + " s (" + sent + " bytes sent, " + received + " received)");
                }
            }
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() {
        Connect.closeQuietly(channel);
        Connect.closeQuietly(selector);
    }
}
