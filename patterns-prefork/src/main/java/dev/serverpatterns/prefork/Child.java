package dev.serverpatterns.prefork;

import dev.serverpatterns.core.ConnectionLog;
import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.ProtocolSession;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.session.SessionDriver;
import dev.serverpatterns.core.session.SessionDriver.Next;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every child process does once it has a connection, whatever gave it the connection: it
 * admits it against the server-wide limit in the shared {@link ChildCounters}, serves it to the
 * end with core's {@link SessionDriver}, and counts it in its own slot. A pattern's {@code main}
 * says only how the child gets connections.
 *
 * <p>A child serves one connection at a time, on its main (platform) thread. The connection is
 * made non-blocking and waited on with a timeout (a one-channel {@link Selector} for a java.nio
 * channel, poll(2) for a descriptor received from the parent), so that one loop keeps the idle
 * timeout, the session's input pauses and the peer that stops reading, with no watchdog thread.
 * That is safe for the connection, whose open file description this child alone uses; it would
 * not be for the shared listening socket (O_NONBLOCK is a property of the open file description,
 * so a child setting it would set it for all), which the children only ever use blocking.
 *
 * <p>An {@link Error} from the protocol ends the child, as it ends a worker thread elsewhere: the
 * parent reaps it and starts a replacement in its slot.
 */
final class Child {

    private static final int CHUNK = 16 * 1024;

    private final String pattern;
    private final int slot;
    private final Path countersFile;
    private final ChildCounters counters;
    private final ServerConfig config;
    private final Supplier<ProtocolSession> sessions;
    private final ConnectionLog log;
    /** A serving thread's buffers and selector, kept for its next connection. */
    private final ThreadLocal<Buffers> buffers;

    /** Direct, so that the same buffers serve a java.nio channel and a descriptor read through FFM. */
    private record Buffers(ByteBuffer input, ByteBuffer scratch, Selector selector) {
    }

    private Child(String pattern, int slot, Path countersFile, int slots, ServerConfig config) throws IOException {
        this.pattern = pattern;
        this.slot = slot;
        this.countersFile = countersFile;
        this.counters = ChildCounters.open(countersFile, slots);
        this.config = config;
        this.sessions = config.sessions();
        this.log = new ConnectionLog(pattern);
        int scratchSize = Math.min(CHUNK, config.outputBufferCap());
        this.buffers = ThreadLocal.withInitial(() -> {
            try {
                return new Buffers(ByteBuffer.allocateDirect(CHUNK), ByteBuffer.allocateDirect(scratchSize),
                        Selector.open());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Reads what {@link ChildJvm#command} wrote: {@code PATTERN SLOT COUNTERS-FILE SLOTS PARENT-PID
     * CONFIG-ARGUMENTS...}; and watches the parent: a child whose parent is gone (killed with
     * SIGKILL, so it never stopped its children) exits rather than serve on alone.
     */
    static Child start(String[] args) throws IOException {
        if (args.length < 5) {
            throw new IllegalArgumentException("a child of a prefork server takes PATTERN SLOT COUNTERS-FILE SLOTS "
                    + "PARENT-PID and the server's options; got " + Arrays.toString(args));
        }
        long parent = Long.parseLong(args[4]);
        Thread.ofPlatform().daemon().name("orphan-watch").start(() -> {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parent) {
                try {
                    Thread.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(3);
        });
        ServerConfig config = ServerConfig.fromArguments(List.of(args).subList(5, args.length));
        return new Child(args[0], Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), config);
    }

    int slot() {
        return slot;
    }

    ServerConfig config() {
        return config;
    }

    /** The file of counters every child of this server maps; prefork-lock also locks it. */
    Path countersFile() {
        return countersFile;
    }

    /**
     * Serves a java.nio connection (accepted, or inherited as fd 0) to its end, and closes it. A
     * failure of the connection (a peer that reset it before it was even set up) ends that
     * connection, never the child.
     */
    void serve(SocketChannel connection) {
        Object peer = peerOf(connection);
        if (!counters.admit(slot, config.maxConnections())) {
            log.refused(peer, config.maxConnections());
            Connections.closeQuietly(connection);
            return;
        }
        try (connection) {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection.configureBlocking(false);
            Selector selector = buffers.get().selector();
            SelectionKey key = connection.register(selector, 0);
            drive(connection, peer, (write, millis) -> {
                key.interestOps(write ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                int ready = millis < 0 ? selector.select() : millis == 0 ? selector.selectNow() : selector.select(millis);
                selector.selectedKeys().clear();
                return ready > 0;
            });
            key.cancel();
            selector.selectNow(); // deregisters it now, before the descriptor is closed
        } catch (IOException e) {
            log.failed(peer, e);
        } finally {
            counters.release(slot);
        }
    }

    private static Object peerOf(SocketChannel connection) {
        try {
            return connection.getRemoteAddress();
        } catch (IOException e) {
            return connection;
        }
    }

    /**
     * Serves a connection on a new platform thread of its own, for a child that serves many at
     * once; an {@link Error} there ends the whole child, as it would on the main thread.
     */
    void serveOnThread(SocketChannel connection) {
        Thread.ofPlatform().name("connection").uncaughtExceptionHandler((thread, failure) -> {
            failure.printStackTrace();
            Runtime.getRuntime().halt(70); // EX_SOFTWARE: the parent reaps the child and replaces it
        }).start(() -> {
            try {
                serve(connection);
            } finally {
                Connections.closeQuietly(buffers.get().selector()); // this thread's, made for this connection
                buffers.remove();
            }
        });
    }

    /** Tells the parent that this child is ready to serve (start() waits for every child to say so). */
    void ready() {
        counters.ready(slot);
    }

    /** Serves a descriptor received from the parent (already non-blocking) to its end, and closes it. */
    void serve(NativeSocket connection) {
        Object peer = connection.address();
        if (!counters.admit(slot, config.maxConnections())) {
            log.refused(peer, config.maxConnections());
            connection.close();
            return;
        }
        int[] fd = {connection.fd()};
        short[] events = new short[1];
        short[] ready = new short[1];
        try (connection) {
            drive(connection, peer, (write, millis) -> {
                events[0] = write ? Posix.POLLOUT : Posix.POLLIN;
                return Posix.poll(fd, events, ready, (int) Math.min(Integer.MAX_VALUE, millis)) > 0;
            });
        } catch (IOException e) {
            log.failed(peer, e);
        } finally {
            counters.release(slot);
        }
    }

    /** Waits until the connection is readable (or writable), at most {@code millis} (-1: no limit); true if it is. */
    @FunctionalInterface
    private interface Readiness {
        boolean await(boolean write, long millis) throws IOException;
    }

    /** The one loop: wait for what the driver wants next, within the idle timeout, then read or flush. */
    private void drive(ByteChannel channel, Object peer, Readiness readiness) throws IOException {
        ByteBuffer input = buffers.get().input();
        ByteBuffer scratch = buffers.get().scratch();
        var driver = new SessionDriver(sessions.get());
        SessionDriver.OutputSink sink = src -> {
            int n = channel.write(src); // non-blocking: 0 when the peer's window is full
            counters.countOut(slot, n);
            return n;
        };
        Duration idle = config.idleTimeout();
        log.connected(peer);
        try {
            while (true) {
                Next next = driver.next();
                if (next == Next.CLOSE) {
                    if (driver.failure() != null) {
                        log.protocolFailed(peer, driver.failure());
                    }
                    return;
                }
                long now = System.nanoTime();
                if (driver.isIdle(now, idle)) {
                    if (next == Next.WRITE) {
                        log.writeStalled(peer, idle);
                    } else {
                        log.idleClosed(peer, idle);
                    }
                    return;
                }
                long deadline = idle.isZero() ? Long.MAX_VALUE : driver.lastActivity() + idle.toNanos();
                if (next == Next.READ) {
                    deadline = Math.min(deadline, driver.inputPauseDeadline());
                }
                long millis = deadline == Long.MAX_VALUE ? -1 : Math.max(0, (deadline - now + 999_999) / 1_000_000);
                if (!readiness.await(next == Next.WRITE, millis)) {
                    if (next == Next.READ) {
                        driver.checkInputPause(System.nanoTime());
                        driver.flush(scratch, sink);
                    }
                    continue;
                }
                if (next == Next.READ) {
                    input.clear();
                    int n = channel.read(input);
                    if (n < 0) {
                        driver.endOfInput();
                    } else if (n > 0) {
                        counters.countIn(slot, n);
                        driver.received(input.flip());
                    }
                }
                driver.flush(scratch, sink);
            }
        } catch (IOException e) {
            log.failed(peer, e);
        } finally {
            log.closed(peer);
        }
    }
}
