package dev.serverpatterns.core.loop;

import dev.serverpatterns.core.AbstractRunningServer;
import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.ProtocolSession;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerStats;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.workers.Workers;
import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What every design of this family owns and returns as its {@link RunningServer}: the listening
 * socket, its {@link Connections}, its event loops and any other threads, started through
 * {@link Workers}. A pattern's own file then holds only its idea: which loop accepts, which loops
 * serve, and where protocol work runs.
 *
 * <p>{@link #close()} stops every loop (each wakes, closes its own connections and its selector or
 * wakeup descriptor, and returns), stops the other threads, and only then closes the listening
 * socket and whatever was admitted but never reached a loop: a native descriptor is never closed
 * while a loop might still be waiting on it.
 */
public final class LoopServer<L extends Closeable> extends AbstractRunningServer {

    private final String patternName;
    private final ServerConfig config;
    private final Supplier<ProtocolSession> sessions;
    private final L listener;
    private final InetSocketAddress address;
    private final Connections connections;
    private final Workers workers;
    private final List<EventLoop> loops = new CopyOnWriteArrayList<>();

    /**
     * @param listener    the bound, listening socket, closed by {@link #close()}
     * @param workerSlots how many per-worker counters the stats report (one per serving loop)
     */
    public LoopServer(String patternName, ServerConfig config, L listener, InetSocketAddress address,
               int workerSlots) {
        this.patternName = patternName;
        this.config = config;
        this.sessions = config.sessions();
        this.listener = listener;
        this.address = address;
        this.connections = new Connections(patternName, config.maxConnections(), workerSlots);
        this.workers = new Workers(patternName);
    }

    /** The listening socket: a {@code ServerSocketChannel} or a {@link NativeSocket}. */
    public L listener() {
        return listener;
    }

    public String patternName() {
        return patternName;
    }

    public ServerConfig config() {
        return config;
    }

    public Supplier<ProtocolSession> sessions() {
        return sessions;
    }

    public Connections connections() {
        return connections;
    }

    /** Runs {@code loop} on a platform thread named {@code serverpatterns-PATTERN-ROLE}. */
    public void run(EventLoop loop, String role) {
        loops.add(loop);
        workers.startThread(role, loop);
    }

    /** Starts another thread (a pool's worker), stopped (interrupted) by {@link #close()}. */
    public void startThread(String role, Runnable body) {
        workers.startThread(role, body);
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public ServerStats stats() {
        return connections.stats();
    }

    @Override
    protected List<String> stop() {
        workers.beginClose();
        loops.forEach(EventLoop::stop);
        List<String> unstopped = workers.close();
        Connections.closeQuietly(listener);
        connections.closeAll(); // admitted, but still on its way to a loop that has stopped
        return unstopped;
    }
}
