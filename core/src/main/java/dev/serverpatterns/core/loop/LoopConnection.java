package dev.serverpatterns.core.loop;

import dev.serverpatterns.core.ConnectionLog;
import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.session.SessionDriver.Next;
import dev.serverpatterns.core.session.SessionDriver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;

/**
 * One connection of an event loop: a non-blocking channel (a java.nio {@code SocketChannel} or a
 * {@link NativeSocket}) and the {@link SessionDriver} that decides what it waits for next. It
 * holds no buffer of its own: reads go into the loop's shared buffer, output is produced into a
 * scratch buffer lent by whoever does the protocol work, and only what the session or the peer
 * could not take yet stays in the driver.
 *
 * <p>An I/O error (a reset, a broken pipe) is remembered rather than thrown, and {@link #next()}
 * then says {@link Next#CLOSE}: the loop has one place where connections end.
 */
public final class LoopConnection {

    private final ByteChannel channel;
    private final Object peer;
    private final SessionDriver driver;
    private final Connections connections;
    private final Duration idleTimeout;
    private final SessionDriver.OutputSink sink = this::write;
    private IOException ioFailure;
    private boolean watchFailed;
    private boolean closed;
    /** What the loop watches this connection for; null while a worker owns its session. */
    Next interest;
    /** True while a worker of a pool does protocol work on it: the loop then leaves it alone. */
    boolean busy;

    LoopConnection(ByteChannel channel, Object peer, SessionDriver driver, Connections connections,
                   Duration idleTimeout) {
        this.channel = channel;
        this.peer = peer;
        this.driver = driver;
        this.connections = connections;
        this.idleTimeout = idleTimeout;
        connections.log().connected(peer);
    }

    /** What the loop watches this connection for: READ, WRITE, or null while a worker owns its session. */
    public Next interest() {
        return interest;
    }

    public ByteChannel channel() {
        return channel;
    }

    /** One non-blocking read into {@code shared}: bytes read (flipped, ready to hand on), 0, or -1 at end of input. */
    int read(ByteBuffer shared) {
        shared.clear();
        int n;
        try {
            n = channel.read(shared);
        } catch (IOException e) {
            ioFailure = e;
            return 0;
        }
        shared.flip();
        if (n > 0) {
            connections.countIn(n);
        }
        return n;
    }

    void received(ByteBuffer input, ByteBuffer scratch) {
        driver.received(input);
        flush(scratch);
    }

    void endOfInput(ByteBuffer scratch) {
        driver.endOfInput();
        flush(scratch);
    }

    void inputPaused(long nowNanos, ByteBuffer scratch) {
        driver.checkInputPause(nowNanos);
        flush(scratch);
    }

    void flush(ByteBuffer scratch) {
        if (ioFailure == null) {
            try {
                driver.flush(scratch, sink);
            } catch (IOException e) {
                ioFailure = e;
            }
        }
    }

    private int write(ByteBuffer src) throws IOException {
        int n = channel.write(src); // non-blocking: 0 when the peer's window is full
        connections.countOut(n);
        return n;
    }

    /**
     * The kernel refused to watch this connection (epoll_ctl(2), a selector's register):
     * {@link #next()} says CLOSE, and the close is logged where a user sees it, as a server-side
     * resource problem rather than a peer's.
     */
    void watchFailed(IOException e) {
        if (ioFailure == null) {
            ioFailure = e;
            watchFailed = true;
        }
    }

    Next next() {
        return ioFailure != null ? Next.CLOSE : driver.next();
    }

    boolean isIdle(long nowNanos) {
        return driver.isIdle(nowNanos, idleTimeout);
    }

    long inputPauseDeadline() {
        return ioFailure != null ? Long.MAX_VALUE : driver.inputPauseDeadline();
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the channel and says why: the session ended, the peer failed, or it was idle. */
    void close(boolean idle) {
        if (closed) {
            return;
        }
        closed = true;
        ConnectionLog log = connections.log();
        if (idle && driver.next() == Next.WRITE) {
            log.writeStalled(peer, idleTimeout);
        } else if (idle) {
            log.idleClosed(peer, idleTimeout);
        } else if (driver.failure() != null) {
            log.protocolFailed(peer, driver.failure());
        } else if (watchFailed) {
            log.watchFailed(peer, ioFailure);
        } else if (ioFailure != null) {
            log.failed(peer, ioFailure);
        }
        connections.release(channel);
        log.closed(peer);
    }
}
