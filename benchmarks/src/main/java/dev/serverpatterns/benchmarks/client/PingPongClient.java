package dev.serverpatterns.benchmarks.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The ping-pong load: N connections, each with exactly one echo message in flight at all times (a
 * closed loop per connection, like wrk's connections), all driven by one thread
 * ({@link SelectorClient}).
 *
 * <p>Every reply is checked against the message sent, and every message carries its round trip's
 * sequence number in its first bytes, so a server that echoes a stale or duplicated message is
 * caught, not just one that corrupts a byte. The latency of a round trip runs from the write of a
 * message to the read of its last byte.
 *
 * <p>For JMH, {@link #roundTrip} completes exactly one round trip per call, so JMH's ops/s is round
 * trips per second whatever N is; a failure, or a connection silent for the stall timeout, fails
 * the call. For {@code load} and {@code compare}, {@link PingPongLoad} runs it for a window.
 */
public final class PingPongClient extends SelectorClient {

    private final InetSocketAddress server;
    private final int size;
    private final Duration connectTimeout;
    /** 0: a connection may wait for its reply as long as the run lasts (a serializing server starves it). */
    private final long replyTimeoutNanos;
    private final int sequenceBytes;
    private int connecting;
    private int inFlight;

    private enum State { CONNECTING, CONNECTED, IN_FLIGHT, CLOSED }

    private static final class Connection extends Conn {
        final int index;
        final ByteBuffer message;
        final ByteBuffer reply;
        long sequence;
        long sentAt;
        State state = State.CONNECTING;

        Connection(int index, int size) {
            this.index = index;
            this.message = ByteBuffer.allocateDirect(size);
            this.reply = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i++) {
                message.put(i, (byte) ('a' + i % 26));
            }
        }

        @Override
        String name() {
            return "connection " + index;
        }
    }

    /**
     * For JMH: connects {@code connections} times and starts the ping-pong on every connection.
     * Any failure, or a reply that takes longer than {@code stallTimeout}, throws.
     */
    public PingPongClient(InetSocketAddress server, int connections, int messageSize, Duration stallTimeout)
            throws IOException {
        this(server, connections, messageSize, stallTimeout, stallTimeout, null);
        begin(System.nanoTime());
    }

    /**
     * For a load run: connects, all at once, each connect bounded by {@code connectTimeout}; a
     * connection that cannot connect is an error in {@code errors} and is left out.
     */
    PingPongClient(InetSocketAddress server, int connections, int messageSize, Duration connectTimeout,
                   Duration replyTimeout, LoadErrors errors) throws IOException {
        super(errors);
        this.server = server;
        this.size = messageSize;
        this.connectTimeout = connectTimeout;
        this.replyTimeoutNanos = replyTimeout == null ? 0 : replyTimeout.toNanos();
        this.sequenceBytes = Math.min(Long.BYTES, messageSize);
        try {
            connectAll(connections, connectTimeout);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connectAll(int connections, Duration timeout) throws IOException {
        long now = System.nanoTime();
        for (int i = 1; i <= connections; i++) {
            Connection c = new Connection(i, size);
            conns.add(c);
            connecting++;
            try {
                c.channel = Connect.nonBlocking();
                if (c.channel.connect(server)) {
                    connected(c);
                } else {
                    c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                    c.timerAt = now + timeout.toNanos();
                }
            } catch (IOException e) {
                fail(c, FailureMessages.connectFailed(server, e));
            }
        }
        long deadline = now + timeout.toNanos() + 2 * TIMER_TICK_MILLIS * 1_000_000;
        while (connecting > 0 && completeOne(true, deadline) == null && System.nanoTime() - deadline < 0) {
            // connects complete in handle(); each has its own timeout
        }
    }

    private void connected(Connection c) throws IOException {
        c.state = State.CONNECTED;
        c.timerAt = 0;
        connecting--;
        if (c.key == null) {
            c.key = c.channel.register(selector, 0, c);
        } else {
            c.key.interestOps(0);
        }
    }

    /** Connections that connected and have not failed. */
    public int connections() {
        return (int) conns.stream().filter(c -> ((Connection) c).state != State.CLOSED
                && ((Connection) c).state != State.CONNECTING).count();
    }

    public int messageSize() {
        return size;
    }

    /** Completes one round trip and records its latency; see the class comment. */
    public void roundTrip(Histogram latencies) throws IOException {
        completeOneInto(latencies);
    }

    @Override
    void begin(long now) throws IOException {
        for (Conn c : conns) {
            if (((Connection) c).state == State.CONNECTED) {
                inFlight++;
                send((Connection) c, now);
            }
        }
    }

    @Override
    boolean handle(Conn conn, SelectionKey key) throws IOException {
        Connection c = (Connection) conn;
        if (c.state == State.CONNECTING) {
            try {
                if (c.channel.finishConnect()) {
                    connected(c);
                }
            } catch (IOException e) {
                throw new Failure(FailureMessages.connectFailed(server, e));
            }
            return false;
        }
        if (key.isWritable()) {
            c.channel.write(c.message);
            if (!c.message.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        if (!key.isReadable()) {
            return false;
        }
        if (c.channel.read(c.reply) < 0) {
            throw new Failure(shortReply(c));
        }
        if (c.reply.hasRemaining()) {
            return false; // a partial reply: the selector will say when more arrives
        }
        long now = System.nanoTime();
        c.reply.flip();
        c.message.position(0);
        int differsAt = c.message.mismatch(c.reply);
        if (differsAt >= 0) {
            throw new Failure(FailureMessages.differs(differsAt, c.message.get(differsAt), c.reply.get(differsAt)));
        }
        lastStart = c.sentAt;
        lastEnd = now;
        if (stopping) {
            closeConnection(c); // lets a serializing server move on to the next connection
        } else {
            send(c, now);
        }
        return true;
    }

    private void send(Connection c, long now) throws IOException {
        c.sequence++;
        for (int i = 0; i < sequenceBytes; i++) {
            c.message.put(i, (byte) (c.sequence >>> (8 * i)));
        }
        c.state = State.IN_FLIGHT;
        c.message.clear();
        c.reply.clear();
        c.sentAt = now;
        if (replyTimeoutNanos > 0) {
            c.timerAt = now + replyTimeoutNanos;
        }
        c.channel.write(c.message);
        // a message larger than the socket buffer: the rest goes out as the server reads
        c.key.interestOps(c.message.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                : SelectionKey.OP_READ);
    }

    /** The server closed early: say whether what did arrive was already wrong. */
    private String shortReply(Connection c) {
        int received = c.reply.position();
        for (int i = 0; i < received; i++) {
            if (c.message.get(i) != c.reply.get(i)) {
                return FailureMessages.differs(i, c.message.get(i), c.reply.get(i));
            }
        }
        return FailureMessages.closedEarly(received, size);
    }

    private void closeConnection(Connection c) {
        c.timerAt = 0;
        close(c);
        c.state = State.CLOSED;
        inFlight--;
    }

    @Override
    void timerFired(Conn conn, long now) throws IOException {
        Connection c = (Connection) conn;
        if (c.state == State.CONNECTING) {
            fail(c, FailureMessages.connectTimedOut(server, connectTimeout));
        } else {
            fail(c, FailureMessages.noReplyWithin(Duration.ofNanos(replyTimeoutNanos), c.reply.position(), size));
        }
    }

    @Override
    String describe(Conn conn, IOException e) {
        Connection c = (Connection) conn;
        return c.message.hasRemaining() ? FailureMessages.sendFailed(e)
                : FailureMessages.receiveFailed(e, c.reply.position(), size);
    }

    @Override
    void afterFailure(Conn conn) {
        Connection c = (Connection) conn;
        switch (c.state) {
            case CONNECTING -> connecting--;
            case IN_FLIGHT -> inFlight--;
            default -> { }
        }
        c.state = State.CLOSED;
    }

    @Override
    boolean busy() {
        return inFlight > 0 || connecting > 0;
    }

    @Override
    String cutOffAtDeadline(Conn conn) {
        Connection c = (Connection) conn;
        return c.state == State.IN_FLIGHT ? FailureMessages.noReplyByTheDeadline(c.reply.position(), size) : null;
    }
}
