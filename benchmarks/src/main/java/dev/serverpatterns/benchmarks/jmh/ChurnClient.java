package dev.serverpatterns.benchmarks.jmh;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * UNP ch. 30's client, as a load: {@code concurrency} connections in flight at once (Stevens
 * forks 5 children), each one doing connect, write {@code "4000\n"} (the byte-count protocol),
 * read exactly 4,000 bytes, close; then the next. All of them are driven by one thread through
 * one {@link Selector}, with non-blocking connects, for the same reason as
 * {@link PingPongClient}: the client must leave the CPU to the server.
 *
 * <p>One {@link #connection()} call completes exactly one connection. The client closes first,
 * as Stevens' does, so TIME_WAIT is on the client side (Linux reuses those ports for loopback
 * connects, {@code net.ipv4.tcp_tw_reuse = 2}).
 */
public final class ChurnClient implements Closeable {

    private final InetSocketAddress server;
    private final int replyBytes;
    private final ByteBuffer request;
    private final long stallNanos;
    private final Selector selector;
    private final Slot[] slots;
    private final ArrayDeque<SelectionKey> ready = new ArrayDeque<>();
    private final Consumer<SelectionKey> enqueue = ready::addLast;
    private final ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
    private long completed;

    private static final class Slot {
        SocketChannel channel;
        long received;
        long startedAt;
    }

    public ChurnClient(InetSocketAddress server, int concurrency, int replyBytes, Duration stallTimeout)
            throws IOException {
        this.server = server;
        this.replyBytes = replyBytes;
        this.request = ByteBuffer.wrap((replyBytes + "\n").getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        this.stallNanos = stallTimeout.toNanos();
        this.selector = Selector.open();
        this.slots = new Slot[concurrency];
        try {
            for (int i = 0; i < concurrency; i++) {
                slots[i] = new Slot();
                open(slots[i]);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Connections completed so far. */
    public long completed() {
        return completed;
    }

    /**
     * Completes one connection (connect, request, full reply, close), records how long it took
     * from connect to close, and starts the next one in its slot.
     */
    public void connection(Histogram latencies) throws IOException {
        long deadline = 0;
        while (true) {
            SelectionKey key = ready.pollFirst();
            if (key == null) {
                if (selector.select(enqueue, 100) == 0) {
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + stallNanos;
                    } else if (now - deadline > 0) {
                        throw new PingPongClient.Stalled("no progress on any of " + slots.length
                                + " churning connections for " + Duration.ofNanos(stallNanos).toSeconds() + " s");
                    }
                }
                continue;
            }
            if (!key.isValid()) {
                continue;
            }
            Slot slot = (Slot) key.attachment();
            if (key.isConnectable()) {
                if (slot.channel.finishConnect()) {
                    sendRequest(slot, key);
                }
                continue;
            }
            if (!key.isReadable()) {
                continue;
            }
            sink.clear();
            int n = slot.channel.read(sink);
            if (n < 0) {
                throw new IOException("the server closed a connection after " + slot.received + " of "
                        + replyBytes + " bytes");
            }
            slot.received += n;
            if (slot.received < replyBytes) {
                continue;
            }
            if (slot.received > replyBytes) {
                throw new IOException("the server sent " + slot.received + " bytes for a request of " + replyBytes);
            }
            slot.channel.close(); // also cancels the key
            completed++;
            latencies.recordValue(Math.min(System.nanoTime() - slot.startedAt, latencies.getHighestTrackableValue()));
            open(slot);
            return;
        }
    }

    private void open(Slot slot) throws IOException {
        SocketChannel ch = SocketChannel.open();
        slot.channel = ch;
        slot.received = 0;
        slot.startedAt = System.nanoTime();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (ch.connect(server)) {
            sendRequest(slot, ch.register(selector, 0, slot));
        } else {
            ch.register(selector, SelectionKey.OP_CONNECT, slot);
        }
    }

    private void sendRequest(Slot slot, SelectionKey key) throws IOException {
        ByteBuffer out = request.duplicate();
        while (out.hasRemaining()) { // 5 bytes into a fresh socket: one write
            slot.channel.write(out);
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    @Override
    public void close() {
        for (Slot s : slots) {
            if (s != null && s.channel != null) {
                Connect.closeQuietly(s.channel);
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
