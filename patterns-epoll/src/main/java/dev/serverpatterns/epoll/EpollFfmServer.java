package dev.serverpatterns.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.loop.EventLoop;
import dev.serverpatterns.core.loop.LoopConnection;
import dev.serverpatterns.core.loop.LoopServer;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.nativeio.NativeSockets;
import dev.serverpatterns.core.nativeio.Wakeup;
import dev.serverpatterns.core.session.SessionDriver.Next;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * <b>epoll(7) through FFM</b>: the poll loop, with the list of descriptors kept in the kernel.
 * epoll_create1(2) makes an epoll instance once; epoll_ctl(2) adds a descriptor to it when a
 * connection arrives, changes what it waits for when the session driver changes its mind, and
 * removes it before close; epoll_wait(2) returns only the descriptors that are ready. One thread,
 * level-triggered, sockets made with socket(2) and accept4(2): the C yardstick's shape, in Java.
 *
 * <p>System calls: epoll_wait(2) per wake; read(2) and send(2) per ready connection; epoll_ctl(2)
 * per connection at accept and close, and when it turns from reading to writing or back.
 *
 * <p>Trade-off: a wake costs what is ready, not what is watched, so ten thousand idle connections
 * cost nothing per wake; but Linux only, one more descriptor, a system call per change of interest
 * (poll changes it for free, in its array), and one thread for everything.
 */
public final class EpollFfmServer implements ServerPattern {

    public EpollFfmServer() {
    }

    @Override
    public String name() {
        return "epoll-ffm";
    }

    @Override
    public String description() {
        return "one thread, one loop over epoll(7), called through FFM: the interest list lives in the kernel";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(false);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        NativeSocket listening = NativeSockets.listen(new InetSocketAddress(config.bindAddress(), config.port()),
                config.backlog());
        var server = new LoopServer<>(name(), config, listening, listening.address(), 1);
        try {
            server.run(new EpollLoop(server), "loop"); // one thread accepts and serves
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The {@link EventLoop} over one epoll instance. */
    private static final class EpollLoop extends EventLoop {

        private static final int EPOLL_CLOEXEC = 0x80000;
        private static final int EPOLL_CTL_ADD = 1;
        private static final int EPOLL_CTL_DEL = 2;
        private static final int EPOLL_CTL_MOD = 3;
        private static final int EPOLLIN = 0x1;
        private static final int EPOLLOUT = 0x4;
        /** {@code struct epoll_event} is packed on x86-64: {@code uint32_t events} at 0, {@code uint64_t data} at 4. */
        private static final int EVENT_SIZE = 12;
        /** At most this many ready descriptors per wake, as in the C yardstick; the rest wait for the next. */
        private static final int MAX_EVENTS = 256;
        private static final MethodHandle EPOLL_CREATE1 = NativeSockets.function("epoll_create1",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        private static final MethodHandle EPOLL_CTL = NativeSockets.function("epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        private static final MethodHandle EPOLL_WAIT = NativeSockets.function("epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

        private final NativeSocket listener;
        private final int epollFd;
        private final Wakeup wakeup;
        private final MemorySegment ready = Arena.ofAuto().allocate((long) EVENT_SIZE * MAX_EVENTS); // epoll_wait fills it; one for the loop's life
        private final MemorySegment change = Arena.ofAuto().allocate(EVENT_SIZE); // what epoll_ctl is told
        /** The connection on each descriptor number: what a ready event's data (the descriptor) leads to. */
        private LoopConnection[] byFd = new LoopConnection[64];

        EpollLoop(LoopServer<NativeSocket> server) throws IOException {
            super(server, 0, null);
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

        @Override
        protected void watch(LoopConnection c) {
            // nothing yet: the kernel is told once the driver says what the connection waits for
        }

        /** epoll_ctl ADD the first time, MOD after: the interest list lives in the kernel, changed only here. */
        @Override
        protected void interestChanged(LoopConnection c) {
            int fd = fd(c);
            int events = c.interest() == Next.READ ? EPOLLIN : c.interest() == Next.WRITE ? EPOLLOUT : 0;
            if (fd >= byFd.length) {
                byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
            }
            boolean known = byFd[fd] == c;
            try {
                control(known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, events);
            } catch (IOException e) { // ENOMEM, or past max_user_watches: this connection cannot be served
                throw new UncheckedIOException(e);
            }
            byFd[fd] = c;
        }

        @Override
        protected void unwatch(LoopConnection c) {
            int fd = fd(c);
            if (fd < byFd.length && byFd[fd] == c) {
                byFd[fd] = null;
                try {
                    control(EPOLL_CTL_DEL, fd, 0); // close(2) would do it too, unless the descriptor were shared
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        protected void awaitReady(long timeoutMillis) throws IOException {
            int timeout = (int) Math.min(timeoutMillis, Integer.MAX_VALUE); // -1: no limit
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
                int fd = (int) ready.get(JAVA_LONG_UNALIGNED, (long) i * EVENT_SIZE + 4);
                if (fd == wakeup.fd()) {
                    wakeup.drain();
                } else if (fd == listener.fd()) {
                    acceptable = true;
                } else if (byFd[fd] != null) { // null: closed earlier in this batch
                    serve(byFd[fd]);
                }
            }
            if (acceptable) { // last: a descriptor closed above may be given to a new connection right here
                acceptReady();
            }
        }

        /**
         * Reads or writes, as the connection waits for: EPOLLIN or EPOLLOUT, or EPOLLERR and EPOLLHUP,
         * which come whatever was asked for, and which the read or write then explains.
         */
        private void serve(LoopConnection c) {
            if (c.interest() == Next.READ) {
                readable(c);
            } else if (c.interest() == Next.WRITE) {
                writable(c);
            }
        }

        private void acceptReady() {
            for (int i = 0; i < ACCEPTS_PER_WAKE; i++) {
                NativeSocket client;
                try {
                    client = NativeSockets.accept(listener);
                } catch (IOException e) { // EMFILE and the like: try again after a pause
                    acceptFailed(e);
                    return;
                }
                if (client == null) {
                    return;
                }
                if (admit(client)) {
                    adopt(client, client.address());
                }
            }
        }

        @Override
        protected void watchListener(boolean watch) {
            try {
                control(EPOLL_CTL_MOD, listener.fd(), watch ? EPOLLIN : 0);
            } catch (IOException e) {
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
}
