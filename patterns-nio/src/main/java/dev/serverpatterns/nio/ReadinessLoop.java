package dev.serverpatterns.nio;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.loop.EventLoop;
import dev.serverpatterns.core.loop.LoopConnection;
import dev.serverpatterns.core.loop.LoopServer;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.nativeio.NativeSockets;
import dev.serverpatterns.core.nativeio.Wakeup;
import dev.serverpatterns.core.session.SessionDriver.Next;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link EventLoop} that asks the kernel itself which descriptors are ready, with one system
 * call that a pattern supplies: select(2) or poll(2). Before each wait it lists every descriptor
 * and what it waits for (its wakeup eventfd, the listening socket, each connection that wants to
 * read or write); after it, it serves what the call marked ready. The two patterns differ only in
 * the {@link SystemCall}.
 */
final class ReadinessLoop extends EventLoop {

    /** Readable: {@code POLLIN}, the vocabulary both system calls are translated to. */
    static final short IN = 0x1;
    /** Writable: {@code POLLOUT}. */
    static final short OUT = 0x4;
    /** {@code POLLERR | POLLHUP | POLLNVAL}: the next read or write will say what happened. */
    private static final short FAILED = 0x8 | 0x10 | 0x20;

    /** The one thing select and poll do differently: ask which of these descriptors are ready. */
    @FunctionalInterface
    interface SystemCall {
        /**
         * Waits until one of {@code fds[0..count)} is ready for what {@code wanted[i]} asks ({@link #IN},
         * {@link #OUT}), a signal, or {@code timeoutMillis} (-1: no limit), and says in {@code ready[i]}
         * what each one is ready for.
         */
        void await(int[] fds, short[] wanted, short[] ready, int count, long timeoutMillis) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(ReadinessLoop.class.getName());

    private final SystemCall systemCall;
    private final int descriptorLimit;
    private final Wakeup wakeup;
    private final List<LoopConnection> watched = new ArrayList<>();
    private final NativeSocket listener;
    private boolean refusedAtLimit;
    private boolean listenerWatched = true;
    private int[] fds = new int[16];
    private short[] wanted = new short[16];
    private short[] ready = new short[16];
    /** The connection behind each listed descriptor of this wait (from index 2): kept, not made per wait. */
    private LoopConnection[] serving = new LoopConnection[16];

    /** @param descriptorLimit descriptors from this number up cannot be watched (select's FD_SETSIZE) */
    private ReadinessLoop(LoopServer<NativeSocket> server, int descriptorLimit, SystemCall systemCall)
            throws IOException {
        super(server, 0, null);
        this.systemCall = systemCall;
        this.descriptorLimit = descriptorLimit;
        this.listener = server.listener();
        this.wakeup = new Wakeup();
    }

    /**
     * Listens on the configured address with FFM sockets, and starts one loop that accepts and
     * serves every connection, asking which are ready with {@code systemCall}.
     *
     * @param descriptorLimit descriptors from this number up cannot be watched (select's FD_SETSIZE)
     */
    static RunningServer serve(String pattern, ServerConfig config, int descriptorLimit, SystemCall systemCall)
            throws IOException {
        NativeSocket listening = NativeSockets.listen(new InetSocketAddress(config.bindAddress(), config.port()),
                config.backlog());
        var server = new LoopServer<>(pattern, config, listening, listening.address(), 1);
        var loop = new ReadinessLoop(server, descriptorLimit, systemCall);
        server.run(loop, "loop");
        return server;
    }

    @Override
    protected void watch(LoopConnection c) {
        watched.add(c);
    }

    @Override
    protected void interestChanged(LoopConnection c) {
        // nothing to tell the kernel: the next wait lists every descriptor afresh
    }

    @Override
    protected void unwatch(LoopConnection c) {
        watched.remove(c);
    }

    @Override
    protected void awaitReady(long timeoutMillis) throws IOException {
        int count = 0;
        count = add(count, wakeup.fd(), IN);
        count = add(count, listener.fd(), listenerWatched ? IN : 0);
        if (serving.length < watched.size()) {
            serving = new LoopConnection[Math.max(watched.size(), serving.length * 2)];
        }
        for (LoopConnection c : watched) {
            short events = c.interest() == Next.READ ? IN : c.interest() == Next.WRITE ? OUT : 0;
            if (events != 0) {
                serving[count - 2] = c;
                count = add(count, ((NativeSocket) c.channel()).fd(), events);
            }
        }
        systemCall.await(fds, wanted, ready, count, timeoutMillis);
        if (ready[0] != 0) {
            wakeup.drain();
        }
        for (int i = 2; i < count; i++) {
            LoopConnection c = serving[i - 2];
            serving[i - 2] = null; // a closed connection is not kept alive by this array
            if ((ready[i] & (IN | FAILED)) != 0 && wanted[i] == IN) {
                readable(c);
            } else if ((ready[i] & (OUT | FAILED)) != 0 && wanted[i] == OUT) {
                writable(c);
            }
        }
        if (ready[1] != 0 && listenerWatched) { // last: a descriptor closed above may be given to a new connection right here
            acceptReady();
        }
    }

    private int add(int at, int fd, short events) {
        if (at == fds.length) {
            fds = Arrays.copyOf(fds, at * 2);
            wanted = Arrays.copyOf(wanted, at * 2);
            ready = Arrays.copyOf(ready, at * 2);
        }
        fds[at] = fd;
        wanted[at] = events;
        ready[at] = 0;
        return at + 1;
    }

    private void acceptReady() {
        acceptWaiting(() -> NativeSockets.accept(listener), client -> {
            if (client.fd() >= descriptorLimit) {
                refuseAtLimit(client);
            } else {
                adopt(client, client.address());
            }
        });
    }

    /** A descriptor the system call cannot watch: closed at once, counted as refused, said once. */
    private void refuseAtLimit(NativeSocket client) {
        if (!refusedAtLimit) {
            refusedAtLimit = true;
            LOG.log(Level.WARNING, "{0}: refusing {1} and every connection like it: its descriptor {2} is beyond "
                    + "the {3} that the system call can watch", server.patternName(), client, client.fd(), descriptorLimit);
        }
        server.connections().unadmit(client); // admitted by acceptWaiting: closed, and counted as refused
    }

    @Override
    protected void watchListener(boolean watch) {
        listenerWatched = watch;
    }

    @Override
    protected void wakeup() {
        wakeup.signal();
    }

    @Override
    protected void closeResources() {
        wakeup.close();
    }
}
