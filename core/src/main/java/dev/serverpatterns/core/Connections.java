package dev.serverpatterns.core;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connections a server has open, and its counters. Every pattern admits each accepted
 * connection here, so that {@code maxConnections}, {@link ServerStats} and {@code close()} mean
 * the same thing in every design.
 */
public final class Connections {

    private final int maxConnections;
    private final ConnectionLog log;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final AtomicLongArray perWorker;
    private volatile boolean closed;

    /**
     * @param pattern  the pattern's name, for the log
     * @param workers  how many per-worker counters {@link ServerStats#servedPerWorker()} reports
     */
    public Connections(String pattern, int maxConnections, int workers) {
        this.maxConnections = maxConnections;
        this.log = new ConnectionLog(pattern);
        this.perWorker = new AtomicLongArray(workers);
    }

    /**
     * Admits a freshly accepted connection; or, when {@code maxConnections} are open (or the
     * server is closing), closes it at once and returns false.
     */
    public boolean admit(Closeable connection) {
        if (closed) {
            return refuse(connection);
        }
        if (active.incrementAndGet() > maxConnections) {
            active.decrementAndGet();
            log.refused(peerOf(connection), maxConnections);
            return refuse(connection);
        }
        open.add(connection);
        accepted.incrementAndGet();
        if (closed) { // close() ran between the check and the add: do not leave this one open
            closeQuietly(connection);
        }
        return true;
    }

    private boolean refuse(Closeable connection) {
        refused.incrementAndGet();
        closeQuietly(connection);
        return false;
    }

    /** Takes back the admission of a connection that was never served: closed, and counted as refused. */
    public void unadmit(Closeable connection) {
        if (open.remove(connection)) {
            active.decrementAndGet();
            accepted.decrementAndGet();
            refuse(connection);
        }
    }

    /** Closes an admitted connection and forgets it; safe to call more than once. */
    public void release(Closeable connection) {
        closeQuietly(connection);
        if (open.remove(connection)) {
            active.decrementAndGet();
        }
    }

    /** Where this server's connection events are logged. */
    public ConnectionLog log() {
        return log;
    }

    private static Object peerOf(Closeable connection) {
        return connection instanceof java.net.Socket s ? s.getRemoteSocketAddress()
                : connection instanceof java.nio.channels.SocketChannel c ? remoteOf(c) : connection;
    }

    private static Object remoteOf(java.nio.channels.SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return channel;
        }
    }

    /** Counts an admitted connection for the worker that serves it (UNP's Figure 30.2). */
    public void countServedBy(int worker) {
        perWorker.incrementAndGet(worker);
    }

    public void countIn(long bytes) {
        bytesIn.add(bytes);
    }

    public void countOut(long bytes) {
        bytesOut.add(bytes);
    }

    /** Closes every open connection and refuses any admitted later. */
    public void closeAll() {
        closed = true;
        for (Closeable c : open) {
            closeQuietly(c);
        }
    }

    public ServerStats stats() {
        Long[] workers = new Long[perWorker.length()];
        Arrays.setAll(workers, perWorker::get);
        return new ServerStats(accepted.get(), refused.get(), active.get(), bytesIn.sum(), bytesOut.sum(),
                Arrays.asList(workers));
    }

    public static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort; the peer sees a reset at worst
        }
    }
}
