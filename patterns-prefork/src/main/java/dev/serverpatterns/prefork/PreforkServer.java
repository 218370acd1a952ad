package dev.serverpatterns.prefork;

import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.AbstractRunningServer;
import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerStats;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.nativeio.NativeSockets;
import dev.serverpatterns.core.workers.ProcessWorker;
import dev.serverpatterns.core.workers.Workers;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The parent of a process design: it owns the listening socket (or, for SO_REUSEPORT, only the
 * port), the {@link ChildCounters} file, and its children as {@link Workers}. A pattern's file
 * then says only what is particular to it: which descriptor each child gets as its fd 0, and
 * what the child does with it ({@link Child}).
 *
 * <pre>
 * Overview (for implementers).
 * The naive way: fork(2) the JVM (unsafe: only the forking thread survives, with every lock other
 * threads held), or ProcessBuilder (safe, but it gives a child only pipes as descriptors 0-2,
 * never a socket). Here a child is a fresh JVM started with posix_spawn(3) ({@link Posix#spawn}),
 * whose file actions put the socket at descriptor 0 and close everything else: inetd's contract,
 * which the child reads back with System.inheritedChannel().
 * A child is a worker: tracked from before it starts, replaced in its slot by the supervisor when
 * it dies, asked to stop with SIGTERM and forced with SIGKILL by close(). The JDK waits for a
 * spawned child (ProcessHandle.onExit) but does not reap it; the parent does, with waitpid(2),
 * and then takes back what the dead child's slot left open before the slot is reused.
 * close(): no new child; the parent's own sockets closed; every child stopped and reaped within
 * Workers.STOP_TIMEOUT; the counters read one last time, unmapped and the file deleted.
 * </pre>
 */
final class PreforkServer extends AbstractRunningServer {

    private static final System.Logger LOG = System.getLogger(PreforkServer.class.getName());

    private final ServerPattern pattern;
    private final ServerConfig config;
    private final Closeable portHolder;
    private final NativeSocket listener;
    private final InetSocketAddress address;
    private final ChildCounters counters;
    private final boolean perSlotStats;
    private final Workers workers;
    private final List<Runnable> beforeStop = new ArrayList<>();
    private volatile ServerStats lastStats;

    private PreforkServer(ServerPattern pattern, ServerConfig config, Closeable portHolder, NativeSocket listener,
                          InetSocketAddress address, int slots, boolean perSlotStats) throws IOException {
        this.pattern = pattern;
        this.config = config.toBuilder().port(address.getPort()).build(); // what the children are told
        this.portHolder = portHolder;
        this.listener = listener;
        this.address = address;
        this.perSlotStats = perSlotStats;
        this.workers = new Workers(pattern.name());
        try {
            if (slots > ChildJvm.MAX_CHILDREN) {
                throw new IOException(pattern.name() + ": " + slots + " child JVMs would not fit in this machine's "
                        + "memory; at most " + ChildJvm.MAX_CHILDREN + " (half the memory, at 64 MiB a child)");
            }
            this.counters = ChildCounters.create(pattern.name(), slots);
        } catch (IOException e) {
            Connections.closeQuietly(portHolder);
            throw e;
        }
    }

    /**
     * socket(2), bind(2), listen(2), then O_NONBLOCK cleared: the children share this one open
     * file description, and each must sleep in accept(2) rather than spin on EAGAIN.
     *
     * @param slots        how many children (slots of counters) there are at most
     * @param perSlotStats whether the stats show the distribution over slots
     */
    static PreforkServer listen(ServerPattern pattern, ServerConfig config, int slots, boolean perSlotStats)
            throws IOException {
        NativeSocket listener = NativeSockets.listen(new InetSocketAddress(config.bindAddress(), config.port()),
                config.backlog());
        try {
            Posix.setBlocking(listener.fd(), true);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new PreforkServer(pattern, config, listener, listener, listener.address(), slots, perSlotStats);
    }

    /**
     * A listening socket that only the parent accepts on, left non-blocking for its poll(2) loop:
     * the children get connections, never the listening socket.
     */
    static PreforkServer listenInParent(ServerPattern pattern, ServerConfig config, int slots, boolean perSlotStats)
            throws IOException {
        NativeSocket listener = NativeSockets.listen(new InetSocketAddress(config.bindAddress(), config.port()),
                config.backlog());
        return new PreforkServer(pattern, config, listener, listener, listener.address(), slots, perSlotStats);
    }

    /**
     * Holds the port without listening on it, for children that each listen on it themselves
     * (SO_REUSEPORT): a socket bound with SO_REUSEPORT but never listen(2)ed is in no accept
     * group, so the kernel never hands it a connection, yet no other program can take the port.
     */
    static PreforkServer reservePort(ServerPattern pattern, ServerConfig config, int slots) throws IOException {
        var wanted = new InetSocketAddress(config.bindAddress(), config.port());
        SocketChannel holder = SocketChannel.open();
        try {
            holder.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            holder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            holder.bind(wanted);
        } catch (IOException e) {
            holder.close();
            throw (IOException) new BindException("cannot listen on " + wanted + ": " + e.getMessage()).initCause(e);
        }
        return new PreforkServer(pattern, config, holder, null, (InetSocketAddress) holder.getLocalAddress(),
                slots, true);
    }

    ServerConfig config() {
        return config;
    }

    /** The listening socket (blocking); null for a server that only reserved its port. */
    NativeSocket listener() {
        return listener;
    }

    ChildCounters counters() {
        return counters;
    }

    Workers workers() {
        return workers;
    }

    /** Runs first in {@link #close()}, before any child is stopped: e.g. wakes a thread that accepts. */
    void beforeStop(Runnable action) {
        beforeStop.add(action);
    }

    /**
     * Starts {@code children} children, each with {@code fdFor.fd(slot)} as its descriptor 0, and
     * replaces any that dies in its slot.
     */
    void superviseChildren(int children, SlotDescriptor fdFor) throws IOException {
        superviseChildren(children, fdFor, false);
    }

    /**
     * The same; with {@code closeInParent}, the parent closes its copy of each child's descriptor
     * once the child is spawned (the child's end of a socket pair: the parent keeps the other).
     */
    void superviseChildren(int children, SlotDescriptor fdFor, boolean closeInParent) throws IOException {
        try {
            superviseOrThrow(children, fdFor, closeInParent);
        } catch (UncheckedIOException e) { // a child could not be spawned: stop those that were
            close();
            throw e.getCause();
        }
    }

    private void superviseOrThrow(int children, SlotDescriptor fdFor, boolean closeInParent) {
        workers.supervise(children, (slot, name) -> {
            try {
                int fd = fdFor.fd(slot);
                try {
                    return spawn(slot, name, fd);
                } finally {
                    if (closeInParent) {
                        NativeSockets.close(fd);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * How long start() waits for its children to be ready: a JVM takes a second or more to start,
     * and a server whose start() returned should serve, with the idle timeout counted from when a
     * child has the connection, not from a backlog that no child takes from yet.
     */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Waits until a child in every slot has said it is ready ({@link Child#ready()}); closes the
     * server and fails if that takes longer than {@link #READY_TIMEOUT}.
     */
    void awaitChildrenReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (int slot = 0; slot < counters.slots(); slot++) {
            while (counters.readyCount(slot) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    close();
                    throw new IOException(pattern.name() + ": child " + slot + " was not listening on " + address
                            + " after " + READY_TIMEOUT.toSeconds() + " s");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    close();
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while the children started");
                }
            }
        }
    }

    /** The descriptor a slot's child gets as its fd 0, made afresh for every child started in it. */
    @FunctionalInterface
    interface SlotDescriptor {
        int fd(int slot) throws IOException;
    }

    /**
     * Spawns one child JVM running the pattern's {@code main} with {@code fd} as its descriptor 0,
     * and makes it a worker whose exit completes once it has been reaped and its slot reclaimed.
     */
    ProcessWorker spawn(int slot, String name, int fd) throws IOException {
        return spawn(slot, name, fd, List.of());
    }

    /** The same, with more JVM flags for the child (an AOT cache). */
    ProcessWorker spawn(int slot, String name, int fd, List<String> jvmFlags) throws IOException {
        long pid = Posix.spawn(ChildJvm.command(pattern, slot, counters, config, jvmFlags), fd);
        // present even if it has already ended: it stays a zombie until reaped below
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        CompletableFuture<ProcessHandle> reaped = handle.onExit().thenApply(h -> {
            int status = Posix.reap(pid);
            if (isOpen()) {
                counters.reclaim(slot);
                LOG.log(Level.DEBUG, "{0}: child {1} (pid {2}) ended, status {3}", pattern.name(), slot, pid, status);
            }
            return h;
        });
        return new ProcessWorker(name, handle, reaped);
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public ServerStats stats() {
        ServerStats last = lastStats;
        if (last != null) {
            return last;
        }
        synchronized (this) { // close() unmaps the counters under this lock
            if (lastStats != null) {
                return lastStats;
            }
            return counters.stats(perSlotStats).withWorkersReplaced(workers.replacements());
        }
    }

    @Override
    protected List<String> stop() {
        workers.beginClose(); // a child that dies from now on is not replaced
        beforeStop.forEach(Runnable::run);
        List<String> unstopped = workers.close(); // SIGTERM, a bounded wait, SIGKILL; every child reaped
        Connections.closeQuietly(portHolder);
        synchronized (this) {
            lastStats = counters.stats(perSlotStats).withWorkersReplaced(workers.replacements());
            counters.close();
        }
        return unstopped;
    }

    @Override
    public String toString() {
        return pattern.name() + " on " + address;
    }
}
