package dev.serverpatterns.benchmarks.client;

import dev.serverpatterns.core.protocols.ByteCountProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * UNP ch. 30's client, and csdesign's, as a load: {@code children} connections in flight at once
 * (Stevens forks 5 children), each child doing connect, write {@code "4000\n"} (the byte-count
 * protocol), read exactly 4,000 bytes, close; then its next connection. All of them are driven by
 * one thread with non-blocking connects ({@link SelectorClient}), so the client leaves the CPU to
 * the server. The client closes first, as Stevens' does, so TIME_WAIT is on the client side
 * (Linux reuses those ports for loopback connects).
 *
 * <p>Every reply is checked as it arrives against the protocol's fill byte: an {@code error: ...}
 * line or garbage is a failure that quotes it. The latency of a connection runs from the connect
 * to the last byte read, so it includes what the design pays to accept.
 *
 * <p>A child whose connection failed waits before its next one, {@value #FIRST_BACK_OFF_MILLIS} ms
 * doubling up to {@value #MAX_BACK_OFF_MILLIS} ms, so a server that went away costs a few errors a
 * second, not a connect storm.
 */
public final class ChurnClient extends SelectorClient {

    static final long FIRST_BACK_OFF_MILLIS = 10;
    static final long MAX_BACK_OFF_MILLIS = 1000;
    private static final int CHUNK = 64 * 1024;

    private final InetSocketAddress server;
    private final int bytes;
    private final byte[] request;
    /** Connections each child makes; 0 for as many as the run has time for. */
    private final int connectionsPerChild;
    private final Duration connectTimeout;
    private final Duration replyTimeout;
    private final ByteBuffer sink = ByteBuffer.allocateDirect(CHUNK);
    private final ByteBuffer expected = ByteBuffer.allocateDirect(CHUNK);
    private int active;
    private long completed;

    private enum State { BACKING_OFF, CONNECTING, SENDING, RECEIVING, DONE }

    private static final class Child extends Conn {
        final int index;
        final ByteBuffer request;
        State state;
        int attempts;
        int consecutiveFailures;
        long startedAt;
        long received;

        Child(int index, byte[] request) {
            this.index = index;
            this.request = ByteBuffer.wrap(request);
        }

        @Override
        String name() {
            return "child " + index + ": connection " + attempts;
        }
    }

    /**
     * For JMH and the UNP reproduction: {@code concurrency} children making connections for as
     * long as it is asked to; any failure, or a connect or reply slower than
     * {@code stallTimeout}, throws.
     */
    public ChurnClient(InetSocketAddress server, int concurrency, int replyBytes, Duration stallTimeout)
            throws IOException {
        this(server, concurrency, 0, replyBytes, stallTimeout, stallTimeout, null);
        begin(System.nanoTime());
    }

    ChurnClient(InetSocketAddress server, int children, int connectionsPerChild, int replyBytes,
                Duration connectTimeout, Duration replyTimeout, LoadErrors errors) throws IOException {
        super(errors);
        this.server = server;
        this.bytes = replyBytes;
        this.request = (replyBytes + "\n").getBytes(StandardCharsets.US_ASCII);
        this.connectionsPerChild = connectionsPerChild;
        this.connectTimeout = connectTimeout;
        this.replyTimeout = replyTimeout;
        for (int i = 0; i < CHUNK; i++) {
            expected.put(i, ByteCountProtocol.FILL);
        }
        for (int i = 1; i <= children; i++) {
            conns.add(new Child(i, request));
        }
    }

    /** Connections completed so far. */
    public long completed() {
        return completed;
    }

    /**
     * Completes one connection (connect, request, full reply, close), records how long it took
     * from connect to the last byte, and starts the child's next one.
     */
    public void connection(Histogram latencies) throws IOException {
        completeOneInto(latencies);
    }

    @Override
    void begin(long now) throws IOException {
        active = conns.size();
        for (Conn c : conns) {
            open((Child) c, now);
        }
    }

    /** The child's next connection, if it has one left and the window is open. */
    private void open(Child c, long now) throws IOException {
        if (stopping || (connectionsPerChild > 0 && c.attempts >= connectionsPerChild)) {
            c.state = State.DONE;
            active--;
            return;
        }
        c.attempts++;
        c.received = 0;
        c.startedAt = now;
        c.state = State.CONNECTING;
        c.key = null;
        try {
            c.channel = Connect.nonBlocking();
            if (c.channel.connect(server)) {
                c.key = c.channel.register(selector, 0, c);
                sendRequest(c, now);
            } else {
                c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                c.timerAt = now + connectTimeout.toNanos();
            }
        } catch (IOException e) {
            fail(c, FailureMessages.connectFailed(server, e));
        }
    }

    private void sendRequest(Child c, long now) throws IOException {
        c.state = State.SENDING;
        c.timerAt = now + replyTimeout.toNanos();
        c.request.clear();
        c.channel.write(c.request);
        if (c.request.hasRemaining()) { // never for a few bytes into a fresh socket, but be correct
            c.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            c.state = State.RECEIVING;
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    boolean handle(Conn conn, SelectionKey key) throws IOException {
        Child c = (Child) conn;
        switch (c.state) {
            case CONNECTING -> {
                try {
                    if (c.channel.finishConnect()) {
                        sendRequest(c, System.nanoTime());
                    }
                } catch (IOException e) {
                    throw new Failure(FailureMessages.connectFailed(server, e));
                }
                return false;
            }
            case SENDING -> {
                c.channel.write(c.request);
                if (!c.request.hasRemaining()) {
                    c.state = State.RECEIVING;
                    key.interestOps(SelectionKey.OP_READ);
                }
                return false;
            }
            case RECEIVING -> {
                return receive(c);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean receive(Child c) throws IOException {
        sink.clear().limit((int) Math.min(CHUNK, bytes - c.received));
        int n = c.channel.read(sink);
        if (n < 0) {
            throw new Failure(FailureMessages.closedEarly(c.received, bytes));
        }
        sink.flip();
        int differsAt = sink.mismatch(expected.clear().limit(n));
        if (differsAt >= 0) {
            byte[] reply = new byte[n];
            sink.get(0, reply);
            throw new Failure(FailureMessages.differsQuotingText(c.received + differsAt, ByteCountProtocol.FILL, reply,
                    differsAt, n));
        }
        c.received += n;
        long now = System.nanoTime();
        if (c.received < bytes) {
            c.timerAt = now + replyTimeout.toNanos(); // the timeout is for silence, as a socket's read timeout
            return false;
        }
        close(c); // the client closes first, as in UNP: the TIME_WAIT is ours
        c.timerAt = 0;
        c.consecutiveFailures = 0;
        completed++;
        lastStart = c.startedAt;
        lastEnd = now;
        open(c, now);
        return true;
    }

    @Override
    void timerFired(Conn conn, long now) throws IOException {
        Child c = (Child) conn;
        switch (c.state) {
            case BACKING_OFF -> open(c, now);
            case CONNECTING -> fail(c, FailureMessages.connectTimedOut(server, connectTimeout));
            case SENDING, RECEIVING -> fail(c, FailureMessages.noReplyWithin(replyTimeout, c.received, bytes));
            case DONE -> { }
        }
    }

    @Override
    String describe(Conn conn, IOException e) {
        Child c = (Child) conn;
        return c.state == State.SENDING ? FailureMessages.sendFailed(e)
                : FailureMessages.receiveFailed(e, c.received, bytes);
    }

    @Override
    void afterFailure(Conn conn) {
        Child c = (Child) conn;
        if (stopping || (connectionsPerChild > 0 && c.attempts >= connectionsPerChild)) {
            c.state = State.DONE;
            active--;
            return;
        }
        c.consecutiveFailures++;
        long backOff = Math.min(MAX_BACK_OFF_MILLIS,
                FIRST_BACK_OFF_MILLIS << Math.min(20, c.consecutiveFailures - 1));
        c.state = State.BACKING_OFF;
        c.timerAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backOff);
    }

    @Override
    void stopStarting() {
        super.stopStarting();
        for (Conn conn : conns) {
            Child c = (Child) conn;
            if (c.state == State.BACKING_OFF) {
                c.timerAt = 0;
                c.state = State.DONE;
                active--;
            }
        }
    }

    @Override
    boolean busy() {
        return active > 0;
    }

    @Override
    String cutOffAtDeadline(Conn conn) {
        Child c = (Child) conn;
        return switch (c.state) {
            case CONNECTING -> FailureMessages.connectCutOff(server);
            case SENDING -> FailureMessages.requestCutOff();
            case RECEIVING -> FailureMessages.noReplyByTheDeadline(c.received, bytes);
            case BACKING_OFF, DONE -> null;
        };
    }

    /** Connections planned in all, or 0 when only time bounds the run. */
    long planned() {
        return (long) conns.size() * connectionsPerChild;
    }
}
