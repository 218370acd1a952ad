package dev.serverpatterns.core.blocking;

import dev.serverpatterns.core.ConnectionLog;
import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.ProtocolSession;
import dev.serverpatterns.core.session.SessionDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Drives one connection's {@link ProtocolSession} over a blocking {@link Socket}, on the
 * calling thread, until the session finishes, the peer goes away or the idle timeout fires.
 * Every blocking pattern serves its connections with this one loop; what differs between them
 * is only which thread calls it.
 *
 * <p>The rules (back-pressure, half-close, protocol failure, the progress rule) are the
 * {@link SessionDriver}'s, the same ones every event loop follows; this class only does the
 * blocking I/O: a blocking write takes all the output (so a client that does not read parks
 * this thread instead of growing a buffer), and a read happens when the driver wants input.
 * A {@link RuntimeException} from the protocol closes this connection only. An {@link Error}
 * is let through on purpose: it kills the worker, which is how the contract kit tests that a
 * supervisor replaces it.
 *
 * <p>Timeouts: a read waits at most for what is left of the idle timeout ({@code SO_TIMEOUT}).
 * A write has no timeout in the JDK, so {@link BlockingServer}'s watchdog closes a connection
 * whose write has made no progress for the idle timeout ({@link #writeStalledSince}).
 *
 * <p>Memory: an idle connection holds a 1 KiB read buffer, and a 256-byte reply buffer once it
 * has been answered; buffers grow (up to 16 KiB) only while reads or replies fill them, and
 * shrink back once traffic is small again.
 */
public final class BlockingConnection {

    static final int INITIAL_CHUNK = 1024;
    /** Replies start smaller than reads: most are short (an echo of a line, an error line). */
    static final int INITIAL_OUTPUT = 256;
    static final int MAX_CHUNK = 16 * 1024;

    private final Socket socket;
    private final SessionDriver driver;
    private final Connections connections;
    private final Duration idleTimeout;
    private final int maxChunk;
    private ByteBuffer input = ByteBuffer.allocate(INITIAL_CHUNK);
    private ByteBuffer scratch; // output, made on first use
    private int soTimeout = -1;
    /** System.nanoTime() when the write in progress started; 0 when no write is in progress. */
    private volatile long writingSince;
    private volatile boolean stalledWrite;

    BlockingConnection(Socket socket, ProtocolSession session, Connections connections, Duration idleTimeout,
                       int outputBufferCap) {
        this.socket = socket;
        this.driver = new SessionDriver(session);
        this.connections = connections;
        this.idleTimeout = idleTimeout;
        this.maxChunk = Math.min(outputBufferCap, MAX_CHUNK);
    }

    /** Serves the socket until the connection ends, then closes it and releases it from {@code connections}. */
    void serve() {
        var peer = socket.getRemoteSocketAddress();
        ConnectionLog log = connections.log();
        try (socket) {
            log.connected(peer);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            SessionDriver.OutputSink sink = src -> write(out, src);
            while (true) {
                switch (driver.next()) {
                    case READ -> read(in);
                    case WRITE -> driver.flush(scratch(), sink);
                    case CLOSE -> {
                        if (driver.failure() != null) {
                            log.protocolFailed(peer, driver.failure());
                        }
                        return;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            log.idleClosed(peer, idleTimeout);
        } catch (IOException e) {
            if (stalledWrite) {
                log.writeStalled(peer, idleTimeout);
            } else {
                log.failed(peer, e);
            }
        } finally {
            connections.release(socket);
            log.closed(peer);
        }
    }

    /**
     * Reads once, waiting at most until the idle timeout or the session's input pause, whichever
     * comes first, and hands what came to the driver.
     *
     * @throws SocketTimeoutException once the connection has been idle for the idle timeout
     */
    private void read(InputStream in) throws IOException {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE; // nanoseconds
        if (!idleTimeout.isZero()) {
            wait = idleTimeout.toNanos() - (now - driver.lastActivity());
            if (wait <= 0) {
                throw new SocketTimeoutException("idle");
            }
        }
        long pause = driver.inputPauseDeadline();
        if (pause != Long.MAX_VALUE) {
            wait = Math.min(wait, Math.max(0, pause - now));
        }
        setSoTimeout(wait == Long.MAX_VALUE ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (wait + 999_999) / 1_000_000)));
        int n;
        try {
            n = in.read(input.array(), 0, input.capacity());
        } catch (SocketTimeoutException e) {
            long at = System.nanoTime();
            if (driver.isIdle(at, idleTimeout)) {
                throw e;
            }
            driver.checkInputPause(at); // a pause the session asked to hear of, not idleness
            return;
        }
        if (n < 0) {
            driver.endOfInput();
            return;
        }
        connections.countIn(n);
        driver.received(ByteBuffer.wrap(input.array(), 0, n));
        input = resized(input, n, INITIAL_CHUNK, MAX_CHUNK);
    }

    private int write(OutputStream out, ByteBuffer src) throws IOException {
        int n = src.remaining();
        writingSince = Math.max(1, System.nanoTime());
        try {
            out.write(src.array(), src.arrayOffset() + src.position(), n);
        } finally {
            writingSince = 0;
        }
        src.position(src.limit());
        connections.countOut(n);
        if (src == scratch) {
            scratch = resized(scratch, n, INITIAL_OUTPUT, maxChunk);
        }
        return n;
    }

    private ByteBuffer scratch() {
        if (scratch == null) {
            scratch = ByteBuffer.allocate(Math.min(INITIAL_OUTPUT, maxChunk));
        }
        return scratch;
    }

    /** Doubles a buffer that was filled, up to {@code max}; gives back a large one once traffic is small. */
    private static ByteBuffer resized(ByteBuffer buffer, int used, int initial, int max) {
        int capacity = buffer.capacity();
        if (used == capacity && capacity < max) {
            return ByteBuffer.allocate(Math.min(max, capacity * 2));
        }
        if (used < capacity / 4 && capacity > initial) {
            return ByteBuffer.allocate(initial);
        }
        return buffer;
    }

    private void setSoTimeout(int millis) throws IOException {
        if (millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
    }

    /**
     * {@link System#nanoTime()} since when the write in progress has not returned, or 0 if no
     * write is in progress; read by the watchdog, on another thread.
     */
    long writeStalledSince() {
        return writingSince;
    }

    /** Called by the watchdog: the peer took none of the output for the idle timeout. */
    void closeStalled() {
        stalledWrite = true;
        Connections.closeQuietly(socket);
    }
}
