package dev.serverpatterns.core.blocking;

import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.ProtocolSession;
import dev.serverpatterns.core.AbstractRunningServer;
import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerStats;
import dev.serverpatterns.core.workers.Workers;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Everything a blocking pattern owns: a listening socket, its {@link Connections}, and its
 * {@link Workers}. A pattern's own file then holds only its idea: which thread accepts, and
 * which thread serves.
 *
 * <p>{@link #close()} closes the listening socket (so threads blocked in {@code accept()} return),
 * closes every connection (so threads blocked in {@code read()} or {@code write()} return),
 * and stops the workers (interrupted, so threads waiting on a queue return, and joined within
 * {@link Workers#STOP_TIMEOUT}).
 *
 * <p>A blocking write has no timeout, so while an idle timeout is set a watchdog thread closes
 * any connection whose write has not returned for that long: a client that never reads cannot
 * hold a worker forever.
 */
public final class BlockingServer extends AbstractRunningServer {

    private static final System.Logger LOG = System.getLogger(BlockingServer.class.getName());
    private static final Duration MIN_WATCHDOG_TICK = Duration.ofMillis(10);
    private static final Duration MAX_WATCHDOG_TICK = Duration.ofSeconds(1);

    private final String patternName;
    private final ServerConfig config;
    private final Supplier<ProtocolSession> sessions;
    private final ServerSocket listener;
    private final Connections connections;
    private final Workers workers;
    private final Set<BlockingConnection> serving = ConcurrentHashMap.newKeySet();

    private BlockingServer(String patternName, ServerConfig config, ServerSocket listener, int workerSlots) {
        this.patternName = patternName;
        this.config = config;
        this.sessions = config.sessions();
        this.listener = listener;
        this.connections = new Connections(patternName, config.maxConnections(), workerSlots);
        this.workers = new Workers(patternName);
        if (!config.idleTimeout().isZero()) {
            workers.startThread("watchdog", this::closeStalledWrites);
        }
    }

    /**
     * socket(2), bind(2), listen(2) on the configured address.
     *
     * @param workerSlots how many per-worker accept counters the stats report
     * @throws BindException naming the address, if it cannot be bound
     */
    public static BlockingServer listen(String patternName, ServerConfig config, int workerSlots) throws IOException {
        var address = new InetSocketAddress(config.bindAddress(), config.port());
        var listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(address, config.backlog());
        } catch (IOException e) {
            listener.close();
            var named = new BindException("cannot listen on " + address + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        return new BlockingServer(patternName, config, listener, workerSlots);
    }

    public ServerConfig config() {
        return config;
    }

    /** The server's connections and counters, for a pattern that moves bytes itself. */
    public Connections connections() {
        return connections;
    }

    /**
     * Blocks in accept(2) until a connection is admitted (refused ones, over
     * {@code maxConnections}, are closed and skipped).
     *
     * @return the admitted socket, or {@code null} once the server is closed
     */
    public Socket accept() {
        while (isOpen()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!isOpen()) {
                    return null;
                }
                // EMFILE and the like: say so and pause, rather than spin on a failing accept
                LOG.log(Level.WARNING, "{0}: accept failed: {1}", patternName, e.toString());
                pause(MIN_WATCHDOG_TICK);
                continue;
            }
            if (connections.admit(client)) {
                return client;
            }
        }
        return null;
    }

    /**
     * Closes an admitted socket that the pattern cannot serve after all (e.g. no thread could be
     * created for it), saying why; it is counted as refused.
     */
    public void refuse(Socket client, Throwable why) {
        LOG.log(Level.WARNING, "{0}: cannot serve {1}: {2}", patternName, client.getRemoteSocketAddress(),
                why.toString());
        connections.unadmit(client);
    }

    /**
     * Serves an admitted socket on the calling thread, counting it for {@code worker};
     * see {@link BlockingConnection}.
     */
    public void serve(Socket client, int worker) {
        connections.countServedBy(worker);
        var connection = new BlockingConnection(client, sessions.get(), connections, config.idleTimeout(),
                config.outputBufferCap());
        serving.add(connection);
        try {
            connection.serve();
        } finally {
            serving.remove(connection);
        }
    }

    /** Starts a platform thread named {@code serverpatterns-PATTERN-ROLE}, stopped by {@link #close()}. */
    public Thread startThread(String role, Runnable body) {
        return workers.startThread(role, body);
    }

    /** Starts a virtual thread named {@code serverpatterns-PATTERN-ROLE}, stopped by {@link #close()}. */
    public Thread startVirtualThread(String role, Runnable body) {
        return workers.startVirtualThread(role, body);
    }

    /**
     * Starts {@code workerCount} platform threads running {@code body} with their slot number, and a
     * supervisor that starts a replacement in the same slot whenever one dies while the server is
     * open; see {@link Workers#superviseThreads}.
     */
    public void superviseWorkers(int workerCount, IntConsumer body) {
        workers.superviseThreads(workerCount, body);
    }

    /** The watchdog: closes connections whose write has not returned for the idle timeout. */
    private void closeStalledWrites() {
        long limit = config.idleTimeout().toNanos();
        Duration tick = config.idleTimeout().dividedBy(4);
        tick = tick.compareTo(MIN_WATCHDOG_TICK) < 0 ? MIN_WATCHDOG_TICK
                : tick.compareTo(MAX_WATCHDOG_TICK) > 0 ? MAX_WATCHDOG_TICK : tick;
        while (isOpen() && pause(tick)) {
            long now = System.nanoTime();
            for (BlockingConnection c : serving) {
                long since = c.writeStalledSince();
                if (since != 0 && now - since >= limit) {
                    c.closeStalled();
                }
            }
        }
    }

    /** Sleeps; false if interrupted (close() interrupts). */
    private static boolean pause(Duration time) {
        try {
            Thread.sleep(time);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public ServerStats stats() {
        return connections.stats().withWorkersReplaced(workers.replacements());
    }

    @Override
    protected List<String> stop() {
        workers.beginClose(); // a worker that returns from accept() now is not replaced
        Connections.closeQuietly(listener);
        connections.closeAll();
        return workers.close();
    }
}
