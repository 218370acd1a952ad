package dev.serverpatterns.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.loop.EventLoop;
import dev.serverpatterns.core.loop.LoopConnection;
import dev.serverpatterns.core.loop.LoopServer;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.nativeio.NativeSockets;
import dev.serverpatterns.core.nativeio.Wakeup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * An {@link EventLoop} over one epoll(7) instance, called through FFM: what the epoll patterns
 * share. It makes the instance (epoll_create1), adds its wakeup eventfd and the listening socket to
 * it, waits (epoll_wait), accepts, and hands each ready connection's events to the pattern, which
 * says how a connection is registered (epoll_ctl) and how its events are served: level-triggered
 * or edge-triggered.
 */
abstract class EpollLoop extends EventLoop {

    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLET = 1 << 31;
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    /** {@code struct epoll_event} is packed on x86-64: {@code uint32_t events} at 0, {@code uint64_t data} at 4. */
    private static final int EVENT_SIZE = 12;
    /**
     * The loop's read and scratch buffers, as large as the C yardstick's: a 64 KiB message is one
     * read(2) and one send(2), not four of each (with core's 16 KiB default, epoll-ffm echoed 64 KiB
     * messages at about half the yardstick's rate). Per loop, not per connection: an idle connection
     * still holds no buffer, and an echo connection holds at most one read's worth.
     */
    static final int CHUNK = 64 * 1024;
    /** At most this many ready descriptors per wake, as in the C yardstick; the rest wait for the next. */
    private static final int MAX_EVENTS = 256;
    private static final MethodHandle EPOLL_CREATE1 = NativeSockets.function("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = NativeSockets.function("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = NativeSockets.function("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final System.Logger LOG = System.getLogger(EpollLoop.class.getName());

    /** Makes a pattern's loop for a server. */
    @FunctionalInterface
    interface Factory {
        EpollLoop create(LoopServer<NativeSocket> server) throws IOException;
    }

    private final NativeSocket listener;
    private final int epollFd;
    private final Wakeup wakeup;
    private final MemorySegment ready = Arena.ofAuto().allocate((long) EVENT_SIZE * MAX_EVENTS); // epoll_wait fills it; one for the loop's life
    private final MemorySegment change = Arena.ofAuto().allocate(EVENT_SIZE); // what epoll_ctl is told
    /** The connection on each descriptor number: what a ready event's data (the descriptor) leads to. */
    private LoopConnection[] byFd = new LoopConnection[64];

    EpollLoop(LoopServer<NativeSocket> server) throws IOException {
        super(server, 0, null, CHUNK);
        this.listener = server.listener();
        this.wakeup = new Wakeup();
        this.epollFd = epollCreate();
        try {
            control(EPOLL_CTL_ADD, wakeup.fd(), EPOLLIN);
            control(EPOLL_CTL_ADD, listener.fd(), EPOLLIN);
        } catch (IOException e) {
            closeResources();
            throw e;
        }
    }

    /**
     * Listens on the configured address with FFM sockets, and runs one loop, made by {@code loop},
     * that accepts and serves every connection.
     */
    static RunningServer serve(String pattern, ServerConfig config, Factory loop) throws IOException {
        NativeSocket listening = NativeSockets.listen(new InetSocketAddress(config.bindAddress(), config.port()),
                config.backlog());
        var server = new LoopServer<>(pattern, config, listening, listening.address(), 1);
        try {
            server.run(loop.create(server), "loop"); // one thread accepts and serves
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    // What a pattern provides -------------------------------------------------------------------

    /** Serves a connection that epoll_wait reported, with its events (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP). */
    protected abstract void ready(LoopConnection c, int events);

    /** Whether the pattern has work that no event will announce: then epoll_wait only looks, it does not wait. */
    protected boolean hasWorkLeft() {
        return false;
    }

    /** After each wake's events are served: the pattern's own work, if it has some left. */
    protected void afterEvents() {
    }

    // The shared part ---------------------------------------------------------------------------

    @Override
    protected void watch(LoopConnection c) throws IOException {
        // nothing by default: a pattern registers the connection when it knows what to wait for
    }

    @Override
    protected void interestChanged(LoopConnection c) throws IOException {
        // nothing by default: a pattern whose kernel list follows the driver overrides this
    }

    /** epoll_ctl(2): ADD the first time, MOD after, with the descriptor as the event's data. */
    protected final void register(LoopConnection c, int events) throws IOException {
        int fd = fd(c);
        if (fd >= byFd.length) {
            byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
        }
        control(byFd[fd] == c ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, events);
        byFd[fd] = c;
    }

    @Override
    protected void unwatch(LoopConnection c) {
        int fd = fd(c);
        if (fd < byFd.length && byFd[fd] == c) {
            byFd[fd] = null;
            try {
                control(EPOLL_CTL_DEL, fd, 0); // close(2) would do it too, unless the descriptor were shared
            } catch (IOException e) { // the close that follows removes it anyway
                LOG.log(Level.DEBUG, "epoll_ctl DEL {0}: {1}", fd, e.toString());
            }
        }
    }

    @Override
    protected void awaitReady(long timeoutMillis) throws IOException {
        int timeout = hasWorkLeft() ? 0 : (int) Math.min(timeoutMillis, Integer.MAX_VALUE); // -1: no limit
        MemorySegment state = NativeSockets.callState();
        int n;
        try {
            n = (int) EPOLL_WAIT.invokeExact(state, epollFd, ready, MAX_EVENTS, timeout);
        } catch (Throwable t) {
            throw NativeSockets.unexpected(t);
        }
        n = (int) NativeSockets.orRetry("epoll_wait", n, state); // -1: a signal came first
        boolean acceptable = false;
        for (int i = 0; i < n; i++) {
            long at = (long) i * EVENT_SIZE;
            int fd = (int) ready.get(JAVA_LONG_UNALIGNED, at + 4);
            if (fd == wakeup.fd()) {
                wakeup.drain();
            } else if (fd == listener.fd()) {
                acceptable = true;
            } else if (byFd[fd] != null) { // null: closed earlier in this batch
                ready(byFd[fd], ready.get(JAVA_INT_UNALIGNED, at));
            }
        }
        if (acceptable) { // last: a descriptor closed above may be given to a new connection right here
            acceptReady();
        }
        afterEvents();
    }

    private void acceptReady() {
        acceptWaiting(() -> NativeSockets.accept(listener), client -> adopt(client, client.address()));
    }

    @Override
    protected void watchListener(boolean watch) {
        try {
            control(EPOLL_CTL_MOD, listener.fd(), watch ? EPOLLIN : 0);
        } catch (IOException e) { // the listener is registered and open: only ENOMEM could get here
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void wakeup() {
        wakeup.signal();
    }

    @Override
    protected void closeResources() {
        wakeup.close();
        NativeSockets.close(epollFd);
    }

    /** epoll_ctl(2): add, change or remove {@code fd}, waiting for {@code events}, with the descriptor as its data. */
    private void control(int op, int fd, int events) throws IOException {
        change.set(JAVA_INT_UNALIGNED, 0, events);
        change.set(JAVA_LONG_UNALIGNED, 4, fd);
        MemorySegment state = NativeSockets.callState();
        int result;
        try {
            result = (int) EPOLL_CTL.invokeExact(state, epollFd, op, fd, change);
        } catch (Throwable t) {
            throw NativeSockets.unexpected(t);
        }
        if (result != 0) {
            throw NativeSockets.failure("epoll_ctl", NativeSockets.errno(state));
        }
    }

    /** epoll_create1(2): a new, empty interest list, closed on exec. */
    private int epollCreate() throws IOException {
        MemorySegment state = NativeSockets.callState();
        int fd;
        try {
            fd = (int) EPOLL_CREATE1.invokeExact(state, EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw NativeSockets.unexpected(t);
        }
        if (fd < 0) {
            wakeup.close();
            throw NativeSockets.failure("epoll_create1", NativeSockets.errno(state));
        }
        return fd;
    }

    private static int fd(LoopConnection c) {
        return ((NativeSocket) c.channel()).fd();
    }
}
