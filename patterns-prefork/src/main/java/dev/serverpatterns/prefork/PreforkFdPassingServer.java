package dev.serverpatterns.prefork;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.nativeio.NativeSockets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * <b>Preforked children, descriptor passing</b>: only the parent accepts. Each child is connected
 * to the parent by a Unix-domain socket pair (its end is the child's descriptor 0); the parent
 * passes each accepted connection to a free child over it, and the child writes one byte back
 * when it is free again. The parent keeps the table of free and busy children (UNP's serv05,
 * csdesign's server04).
 *
 * <p>System calls: the parent poll(2)s the listening socket (only while a child is free) and every
 * child's socket; accept4(2); sendmsg(2) with the descriptor as {@code SCM_RIGHTS} ancillary data,
 * then close(2) of its own copy. The child blocks in recvmsg(2), which installs the connection as
 * a new descriptor of its own; it serves it with read(2)/send(2) and poll(2) through FFM (the JDK
 * cannot wrap a raw descriptor in a channel), then write(2)s one byte to the parent.
 *
 * <p>Trade-off: the parent decides who serves, so it could balance any way it likes; like Stevens'
 * it takes the first free child in slot order, so under light load child 0 serves most
 * connections (UNP Figure 30.2). The price is a parent on the path of every connection: two more
 * system calls and a poll over all children per connection, and a single process that, if slow,
 * slows every accept.
 */
public final class PreforkFdPassingServer implements ServerPattern {

    /** "host port" of the client, sent along with its descriptor, for the child's logs. */
    private static final int MAX_PEER_TEXT = 64;

    public PreforkFdPassingServer() {
    }

    @Override
    public String name() {
        return "prefork-fd-passing";
    }

    @Override
    public String description() {
        return "N child processes, started up front; the parent accepts and passes each connection to a free child "
                + "over a Unix socket (SCM_RIGHTS)";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.supervisedPool(WorkerModel.Worker.PROCESS);
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv05");
    }

    /** The parent: listen, start N children each on a socket pair, and dispatch on one thread. */
    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        PreforkServer server = PreforkServer.listenInParent(this, config, config.workers(), true);
        var dispatcher = new Dispatcher(server, config.workers());
        server.beforeStop(dispatcher::wake);
        server.superviseChildren(config.workers(), dispatcher::newChild, true);
        server.workers().startThread("dispatcher", dispatcher::run);
        server.awaitChildrenReady();
        return server;
    }

    /** The parent's table of children, owned by its one thread; the supervisor only queues new children. */
    private static final class Dispatcher {
        private final PreforkServer server;
        private final NativeSocket listener;
        private final int[] toChild;    // the parent's end of each slot's socket pair, -1 if none
        private final boolean[] free;
        private final ConcurrentLinkedQueue<int[]> started = new ConcurrentLinkedQueue<>(); // {slot, fd}
        private final int wakeFd;

        Dispatcher(PreforkServer server, int children) throws IOException {
            this.server = server;
            this.listener = server.listener();
            this.toChild = new int[children];
            this.free = new boolean[children];
            Arrays.fill(toChild, -1);
            this.wakeFd = NativeSockets.eventFd();
        }

        /** Called by the supervisor for each child it starts: a socket pair, the child's end returned. */
        int newChild(int slot) throws IOException {
            int[] pair = Posix.socketPair();
            started.add(new int[] {slot, pair[0]});
            wake();
            return pair[1];
        }

        void wake() {
            NativeSockets.signal(wakeFd);
        }

        void run() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment scratch = arena.allocate(64);
                while (server.isOpen()) {
                    for (int[] child; (child = started.poll()) != null; ) {
                        closeChild(child[0]); // a dead child's end, if the table still held it
                        toChild[child[0]] = child[1];
                        free[child[0]] = true;
                    }
                    int n = toChild.length;
                    int[] fds = new int[n + 2];
                    short[] events = new short[n + 2];
                    short[] ready = new short[n + 2];
                    fds[0] = wakeFd;
                    fds[1] = firstFree() >= 0 ? listener.fd() : -1; // poll ignores a negative descriptor
                    for (int i = 0; i < n; i++) {
                        fds[i + 2] = toChild[i];
                    }
                    Arrays.fill(events, Posix.POLLIN);
                    Posix.poll(fds, events, ready, -1);
                    if (ready[0] != 0) {
                        NativeSockets.read(wakeFd, scratch.asSlice(0, 8));
                    }
                    for (int i = 0; i < n; i++) {
                        if (ready[i + 2] != 0) { // one byte: free again; end of input: the child died
                            long got;
                            try {
                                got = NativeSockets.read(toChild[i], scratch.asSlice(0, 1));
                            } catch (IOException e) {
                                got = 0;
                            }
                            if (got > 0) {
                                free[i] = true;
                            } else if (got == 0) {
                                closeChild(i);
                            }
                        }
                    }
                    if (ready[1] != 0) {
                        dispatch();
                    }
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    System.getLogger(Dispatcher.class.getName()).log(System.Logger.Level.ERROR,
                            "prefork-fd-passing: the dispatcher failed", e);
                }
            } finally {
                for (int i = 0; i < toChild.length; i++) {
                    closeChild(i); // each child's recvmsg then returns end of input
                }
                NativeSockets.close(wakeFd);
                listener.close();
            }
        }

        /** Accepts while a child is free, and passes each connection to the first free child. */
        private void dispatch() throws IOException {
            for (int child; (child = firstFree()) >= 0; ) {
                NativeSocket connection = NativeSockets.accept(listener);
                if (connection == null) {
                    return;
                }
                try (connection) { // the child has its own copy once sendmsg returns
                    InetSocketAddress peer = connection.address();
                    byte[] text = (peer.getAddress().getHostAddress() + " " + peer.getPort())
                            .getBytes(StandardCharsets.US_ASCII);
                    while (child >= 0) {
                        try {
                            Posix.sendDescriptor(toChild[child], connection.fd(), text);
                            free[child] = false;
                            break;
                        } catch (IOException childGone) { // EPIPE: it died; try the next free one
                            closeChild(child);
                            child = firstFree();
                        }
                    }
                    if (child < 0) {
                        server.counters().refusedByParent();
                    }
                }
            }
        }

        private int firstFree() {
            for (int i = 0; i < free.length; i++) {
                if (free[i]) {
                    return i;
                }
            }
            return -1;
        }

        private void closeChild(int slot) {
            if (toChild[slot] >= 0) {
                NativeSockets.close(toChild[slot]);
                toChild[slot] = -1;
                free[slot] = false;
            }
        }
    }

    /** A child: receive a descriptor, serve it, say "free", until the parent closes its end. */
    public static void main(String[] args) throws IOException {
        Child child = Child.start(args);
        MemorySegment free = Arena.global().allocate(1);
        child.ready();
        Posix.Received passed;
        while ((passed = Posix.receiveDescriptor(0, MAX_PEER_TEXT)) != null) { // recvmsg(2) on fd 0
            String[] peer = new String(passed.data(), StandardCharsets.US_ASCII).split(" ");
            child.serve(new NativeSocket(passed.fd(),
                    new InetSocketAddress(InetAddress.ofLiteral(peer[0]), Integer.parseInt(peer[1]))));
            try {
                NativeSockets.send(0, free); // one byte: the parent marks this child free again
            } catch (IOException parentClosed) { // EPIPE: the server is closing
                return;
            }
        }
    }
}
