package dev.serverpatterns.benchmarks.jmh;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The ping-pong load: N connections, each with exactly one echo message in flight at all
 * times (a closed loop per connection, like wrk's connections), all driven by ONE thread
 * through one {@link Selector}.
 *
 * <p>Why one selector thread: on a 2-core machine the client shares the CPU with the server,
 * and a client thread per connection would spend the server's core on scheduling 256 client
 * threads. One non-blocking loop costs the client the least CPU per round trip; what it can
 * do at best is measured against the C yardstick, in the same run, and reported as the
 * client's ceiling.
 *
 * <p>One {@link #roundTrip} call completes exactly one round trip (one reply fully read, the
 * connection's next message sent), so JMH's ops/s is round trips per second, whatever N is.
 * Each round trip's latency, from the write of a message to the read of its last byte, goes
 * into an HdrHistogram. A server that makes no progress for {@code stallTimeout} fails the
 * call instead of hanging it.
 */
public final class PingPongClient implements Closeable {

    private final Selector selector;
    private final List<Conn> conns = new ArrayList<>();
    private final ArrayDeque<Conn> ready = new ArrayDeque<>();
    private final ByteBuffer message;
    private final long stallNanos;
    private final int messageSize;
    private final Consumer<SelectionKey> enqueue = key -> ready.addLast((Conn) key.attachment());

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer reply;
        long sentAt;

        Conn(SocketChannel channel, int size) {
            this.channel = channel;
            this.reply = ByteBuffer.allocateDirect(size);
        }
    }

    /**
     * Connects {@code connections} times and checks that each connection echoes one message
     * byte for byte; then sends the first message on every connection.
     */
    public PingPongClient(InetSocketAddress server, int connections, int messageSize, Duration stallTimeout)
            throws IOException {
        this.messageSize = messageSize;
        this.stallNanos = stallTimeout.toNanos();
        byte[] payload = new byte[messageSize];
        for (int i = 0; i < messageSize; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        this.message = ByteBuffer.allocateDirect(messageSize).put(payload).flip();
        this.selector = Selector.open();
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = Connect.blocking(server, stallTimeout);
                conns.add(new Conn(ch, messageSize));
                checkEcho(ch, payload, stallTimeout, i);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, conns.getLast());
            }
            for (Conn c : conns) {
                send(c);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void checkEcho(SocketChannel ch, byte[] payload, Duration timeout, int index) throws IOException {
        ch.socket().setSoTimeout((int) timeout.toMillis());
        ch.socket().getOutputStream().write(payload);
        byte[] back = ch.socket().getInputStream().readNBytes(payload.length);
        if (!Arrays.equals(back, payload)) {
            throw new IOException("connection " + index + ": the server echoed " + back.length + " bytes that are not "
                    + "the " + payload.length + " sent");
        }
    }

    public int connections() {
        return conns.size();
    }

    /** Completes one round trip and records its latency; see the class comment. */
    public void roundTrip(Histogram latencies) throws IOException {
        long deadline = 0;
        while (true) {
            Conn c = ready.pollFirst();
            if (c == null) {
                if (selector.select(enqueue, 100) == 0) {
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + stallNanos;
                    } else if (now - deadline > 0) {
                        throw new Stalled("no reply on any of " + conns.size() + " connections for "
                                + Duration.ofNanos(stallNanos).toSeconds() + " s");
                    }
                }
                continue;
            }
            int n = c.channel.read(c.reply);
            if (n < 0) {
                throw new IOException("the server closed a connection in the middle of the ping-pong");
            }
            if (c.reply.hasRemaining()) {
                continue; // a partial reply: the selector will say when more arrives
            }
            long now = System.nanoTime();
            latencies.recordValue(Math.min(now - c.sentAt, latencies.getHighestTrackableValue()));
            send(c);
            return;
        }
    }

    private void send(Conn c) throws IOException {
        c.reply.clear();
        ByteBuffer out = message.duplicate();
        c.sentAt = System.nanoTime();
        c.channel.write(out);
        while (out.hasRemaining()) { // never for 64 bytes into an empty socket buffer, but be correct
            Thread.onSpinWait();
            c.channel.write(out);
        }
    }

    public int messageSize() {
        return messageSize;
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            Connect.closeQuietly(c.channel);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** The server stopped answering: a bounded failure instead of a hang. */
    public static final class Stalled extends IOException {
        public Stalled(String message) {
            super(message);
        }
    }
}
