package dev.serverpatterns.core;

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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Everything a blocking pattern owns: a listening socket, its {@link Connections}, and its
 * threads. A pattern's own file then holds only its idea: which thread accepts, and which
 * thread serves.
 *
 * <p>{@link #close()} closes the listening socket (so threads blocked in {@code accept()} return),
 * closes every connection (so threads blocked in {@code read()} or {@code write()} return),
 * interrupts the threads (so threads waiting on a queue return), and joins them all, for
 * at most {@link #JOIN_TIMEOUT}.
 */
public final class BlockingServer implements RunningServer {

    public static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(BlockingServer.class.getName());

    private final String patternName;
    private final ServerConfig config;
    private final ServerSocket listener;
    private final Connections connections;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Integer> deadWorkers = new LinkedBlockingQueue<>();
    private final AtomicBoolean open = new AtomicBoolean(true);

    private BlockingServer(String patternName, ServerConfig config, ServerSocket listener, int workers) {
        this.patternName = patternName;
        this.config = config;
        this.listener = listener;
        this.connections = new Connections(config.maxConnections(), workers);
    }

    /**
     * socket(2), bind(2), listen(2) on the configured address.
     *
     * @param workers how many per-worker accept counters the stats report
     * @throws BindException naming the address, if it cannot be bound
     */
    public static BlockingServer listen(String patternName, ServerConfig config, int workers) throws IOException {
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
        return new BlockingServer(patternName, config, listener, workers);
    }

    public ServerConfig config() {
        return config;
    }

    /** The server's connections and counters, for a pattern that moves bytes itself. */
    public Connections connections() {
        return connections;
    }

    public boolean isOpen() {
        return open.get();
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
                pause();
                continue;
            }
            if (connections.admit(client)) {
                return client;
            }
            LOG.log(Level.DEBUG, "refused {0}: {1} connections open", client.getRemoteSocketAddress(),
                    config.maxConnections());
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
        BlockingConnection.serve(client, config, connections);
    }

    /** Starts a platform thread named {@code serverpatterns-PATTERN-ROLE}, joined by {@link #close()}. */
    public Thread startThread(String role, Runnable body) {
        return track(Thread.ofPlatform().name(threadName(role)).unstarted(wrap(body)));
    }

    /** Starts a virtual thread named {@code serverpatterns-PATTERN-ROLE}, joined by {@link #close()}. */
    public Thread startVirtualThread(String role, Runnable body) {
        return track(Thread.ofVirtual().name(threadName(role)).unstarted(wrap(body)));
    }

    /**
     * Starts {@code workers} platform threads running {@code body} with their slot number, and a
     * supervisor thread that starts a replacement in the same slot whenever one dies while the
     * server is open (UNP's prethreaded servers do not replace a dead thread; here it is code).
     */
    public void superviseWorkers(int workers, IntConsumer body) {
        for (int slot = 0; slot < workers; slot++) {
            startWorker(slot, body);
        }
        startThread("supervisor", () -> {
            while (isOpen()) {
                int slot;
                try {
                    slot = deadWorkers.take();
                } catch (InterruptedException e) {
                    return; // close() interrupts
                }
                if (isOpen()) {
                    LOG.log(Level.WARNING, "{0}: worker {1} died; starting a replacement", patternName, slot);
                    startWorker(slot, body);
                }
            }
        });
    }

    private void startWorker(int slot, IntConsumer body) {
        startThread("worker-" + slot, () -> {
            try {
                body.accept(slot);
            } catch (Throwable t) {
                LOG.log(Level.ERROR, patternName + ": worker " + slot + " died", t);
            } finally {
                if (isOpen()) {
                    deadWorkers.add(slot);
                }
            }
        });
    }

    private String threadName(String role) {
        return "serverpatterns-" + patternName + "-" + role;
    }

    private Runnable wrap(Runnable body) {
        return () -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        };
    }

    private Thread track(Thread thread) {
        synchronized (threads) { // close() never sees a thread that is added but not yet started
            if (!isOpen()) {
                return thread; // closing: what it would serve is being closed anyway; never started
            }
            threads.add(thread);
            try {
                thread.start();
            } catch (OutOfMemoryError e) { // no thread could be created: there is nothing to join
                threads.remove(thread);
                throw e;
            }
        }
        return thread;
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public ServerStats stats() {
        return connections.stats();
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        Connections.closeQuietly(listener);
        connections.closeAll();
        List<Thread> started;
        synchronized (threads) { // after this, track() starts no more threads
            started = List.copyOf(threads);
        }
        started.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Thread t : started) {
            try {
                if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    LOG.log(Level.WARNING, "{0}: thread {1} did not stop within {2}", patternName, t.getName(),
                            JOIN_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
