package dev.serverpatterns.core.loop;

import dev.serverpatterns.core.session.SessionDriver.Next;
import dev.serverpatterns.core.session.SessionDriver;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One thread that serves many connections: wait until some are ready, read each into one shared
 * buffer, let its {@link SessionDriver} decide, and watch it for what the driver says next
 * (readable, writable, or nothing: close it). Every event-loop design runs this loop; a subclass
 * says only how readiness is asked: a java.nio {@link java.nio.channels.Selector} (the nio
 * reactors), select(2) or poll(2) through FFM, or epoll(7) through FFM.
 *
 * <pre>
 * Overview (for implementers).
 * The naive way: a loop that reads and writes whatever is ready, a buffer per connection, a timer
 * (or a thread) per connection for the idle timeout. It costs memory for every idle connection, and
 * a slow peer or a slow handler blocks everyone.
 * The design: one direct read buffer and one scratch buffer per loop, lent to the connection being
 * served; the driver keeps only what the session or the peer could not take. Timers are two: an
 * idle scan of every connection every quarter of the idle timeout (10 ms to 1 s), and the
 * few connections whose session asked to hear of a pause in input (the bytes protocol's 20 ms),
 * whose deadlines bound the wait. Other threads never touch a connection: they hand the loop a
 * task ({@link #execute}) and wake it. Protocol work runs here, or on a pool ({@link Offload}): then
 * the connection is marked busy, unwatched, and handed back to the loop when the work is done.
 * Invariants: only the loop thread touches its connections, except a busy one, which only its
 * worker touches; the wait never outlasts the next deadline.
 * </pre>
 */
public abstract class EventLoop implements Runnable {

    /**
     * The shared read buffer's size, and the scratch buffer's, unless a loop asks for others: what
     * the driver may hold beyond the cap.
     */
    public static final int CHUNK = 16 * 1024;
    /** How many connections one wake accepts at most, so that accepting cannot starve the rest. */
    public static final int ACCEPTS_PER_WAKE = 64;
    /**
     * How long a loop stops accepting after accept(2) failed for want of a descriptor (EMFILE,
     * ENFILE): the connection stays in the backlog and its socket stays readable, so a loop that
     * simply tried again would spin on it at full speed, logging every turn.
     */
    public static final Duration ACCEPT_BACKOFF = Duration.ofMillis(100);
    private static final long MIN_SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_SCAN_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** Where protocol work runs when not on the loop: a pool, which calls {@code done} when finished. */
    @FunctionalInterface
    public interface Offload {
        /** Runs {@code work} with a scratch buffer of the worker's own, then {@code done}, on another thread. */
        void submit(Consumer<ByteBuffer> work, Runnable done);
    }

    protected final LoopServer<?> server;
    private final int slot;
    private final Offload offload; // null: protocol work runs on this loop
    private final ByteBuffer readBuffer;
    private final ByteBuffer scratch;
    private final Set<LoopConnection> open = new HashSet<>();
    private final Set<LoopConnection> pausing = new HashSet<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final long scanNanos;
    private long acceptResumes = Long.MAX_VALUE; // while accepting is paused: when it resumes
    private volatile boolean running = true;

    /**
     * @param slot    the per-worker counter this loop's connections are counted in
     * @param offload null to do protocol work on this loop; else where it is handed
     */
    protected EventLoop(LoopServer<?> server, int slot, Offload offload) {
        this(server, slot, offload, CHUNK);
    }

    /**
     * @param chunk the size of the loop's read buffer and of its scratch buffer: the most one read(2)
     *              takes and one send(2) offers; per loop, not per connection
     */
    protected EventLoop(LoopServer<?> server, int slot, Offload offload, int chunk) {
        this.readBuffer = ByteBuffer.allocateDirect(chunk);
        this.scratch = ByteBuffer.allocateDirect(chunk);
        this.server = server;
        this.slot = slot;
        this.offload = offload;
        Duration idle = server.config().idleTimeout();
        // a quarter of the idle timeout, so a connection is closed at most 25% late; 10 ms to 1 s
        this.scanNanos = idle.isZero() ? Long.MAX_VALUE
                : Math.clamp(idle.toNanos() / 4, MIN_SCAN_NANOS, MAX_SCAN_NANOS);
    }

    // What a subclass provides: how readiness is asked ------------------------------------------

    /** Starts watching a new connection (with no interest yet). */
    protected abstract void watch(LoopConnection c) throws IOException;

    /**
     * The connection's {@link LoopConnection#interest} changed.
     *
     * @throws IOException if the kernel refuses the change (epoll_ctl(2): ENOMEM, ENOSPC): that
     *                     connection is closed, the loop goes on
     */
    protected abstract void interestChanged(LoopConnection c) throws IOException;

    /** Stops watching a connection that is about to be closed. */
    protected abstract void unwatch(LoopConnection c);

    /**
     * Waits until something is ready, a wakeup, or {@code timeoutMillis} (-1: no limit; 0: do not
     * wait), and calls {@link #readable}, {@link #writable} or the subclass's accept for each ready one.
     */
    protected abstract void awaitReady(long timeoutMillis) throws IOException;

    /** Makes a wait in {@link #awaitReady} return now; called from any thread. */
    protected abstract void wakeup();

    /** Frees what the subclass holds (the selector, the wakeup descriptor); on the loop thread, at the end. */
    protected abstract void closeResources();

    /**
     * Stops ({@code false}) or resumes watching the listening socket, for {@link #acceptFailed};
     * a loop that accepts overrides it.
     */
    protected void watchListener(boolean watch) {
    }

    // The loop ---------------------------------------------------------------------------------

    @Override
    public final void run() {
        long nextScan = deadlineAfter(System.nanoTime(), scanNanos);
        try {
            while (running) {
                long wake = Math.min(Math.min(nextScan, earliestPause()), acceptResumes);
                awaitReady(millisUntil(wake));
                wakeRequested.set(false);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                long now = System.nanoTime();
                if (acceptResumes != Long.MAX_VALUE && now - acceptResumes >= 0) {
                    acceptResumes = Long.MAX_VALUE;
                    watchListener(true);
                }
                firePauses(now);
                if (now - nextScan >= 0) {
                    closeIdle(now);
                    nextScan = deadlineAfter(now, scanNanos);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.ERROR, server.patternName() + ": event loop failed", e);
        } finally {
            for (LoopConnection c : List.copyOf(open)) {
                close(c, false);
            }
            closeResources();
        }
    }

    /** Ends the loop: it closes its connections and returns. Any thread. */
    public void stop() {
        running = false;
        wakeup();
    }

    /** Runs {@code task} on this loop's thread, soon. Any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (wakeRequested.compareAndSet(false, true)) {
            wakeup();
        }
    }

    /** Hands this loop an admitted connection, from another loop's thread. */
    public void handOver(ByteChannel channel, Object peer) {
        execute(() -> adopt(channel, peer));
    }

    /** Serves an admitted, non-blocking connection from now on; on this loop's thread. */
    public void adopt(ByteChannel channel, Object peer) {
        server.connections().countServedBy(slot);
        var c = new LoopConnection(channel, peer, new SessionDriver(server.sessions().get()), server.connections(),
                server.config().idleTimeout());
        open.add(c);
        try {
            watch(c);
        } catch (IOException e) { // logged (at INFO, rate-limited) when it closes
            c.watchFailed(e);
            close(c, false);
            return;
        }
        settle(c);
    }

    // Events -----------------------------------------------------------------------------------

    /**
     * Serves one read of {@code c}. Returns whether the socket has nothing more to read for now:
     * the read found nothing (EAGAIN), input ended, or the connection closed. A level-triggered
     * loop need not look, since the next wait reports a socket that still holds input; an
     * edge-triggered one must read again until it is true, or remember that input is left.
     */
    protected final boolean readable(LoopConnection c) {
        if (c.isClosed()) {
            return true;
        }
        if (c.busy) {
            return false;
        }
        int n = c.read(readBuffer);
        if (n < 0) {
            drive(c, c::endOfInput);
            return true;
        } else if (n > 0) {
            ByteBuffer input = offload == null ? readBuffer : copyOf(readBuffer); // the pool keeps it past this call
            drive(c, work -> c.received(input, work));
            return c.isClosed();
        } else {
            settle(c); // nothing after all, or a failed read: next() says CLOSE
            return true;
        }
    }

    protected final void writable(LoopConnection c) {
        if (!c.busy && !c.isClosed()) {
            drive(c, c::flush);
        }
    }

    /** Protocol work on {@code c}: here, or on the pool, which hands {@code c} back to this loop. */
    private void drive(LoopConnection c, Consumer<ByteBuffer> work) {
        if (offload == null) {
            work.accept(scratch);
            settle(c);
            return;
        }
        c.busy = true;
        c.interest = null; // while a worker owns the session, the loop neither reads nor writes
        if (!changeInterest(c)) {
            c.busy = false;
            close(c, false);
            return;
        }
        offload.submit(work, () -> execute(() -> {
            c.busy = false;
            settle(c);
        }));
    }

    /** Watches {@code c} for what its driver says next, or closes it. */
    private void settle(LoopConnection c) {
        Next next = c.next();
        if (next == Next.CLOSE || !running) {
            close(c, false);
            return;
        }
        if (c.interest != next) {
            c.interest = next;
            if (!changeInterest(c)) {
                close(c, false);
                return;
            }
        }
        if (c.inputPauseDeadline() != Long.MAX_VALUE) {
            pausing.add(c);
        } else {
            pausing.remove(c);
        }
    }

    /** {@link #interestChanged}; false if the kernel refused, which is then {@code c}'s failure. */
    private boolean changeInterest(LoopConnection c) {
        try {
            interestChanged(c);
            return true;
        } catch (IOException e) {
            c.watchFailed(e);
            return false;
        }
    }

    private void close(LoopConnection c, boolean idle) {
        open.remove(c);
        pausing.remove(c);
        unwatch(c);
        c.close(idle);
    }

    // Timers -----------------------------------------------------------------------------------

    private long earliestPause() {
        long earliest = Long.MAX_VALUE;
        for (LoopConnection c : pausing) {
            if (!c.busy) {
                long deadline = c.inputPauseDeadline();
                earliest = earliest == Long.MAX_VALUE || deadline - earliest < 0 ? deadline : earliest;
            }
        }
        return earliest;
    }

    private void firePauses(long now) {
        for (LoopConnection c : List.copyOf(pausing)) {
            long deadline = c.inputPauseDeadline();
            if (deadline == Long.MAX_VALUE) {
                pausing.remove(c);
            } else if (!c.busy && now - deadline >= 0) {
                pausing.remove(c);
                drive(c, work -> c.inputPaused(now, work));
            }
        }
    }

    private void closeIdle(long now) {
        for (LoopConnection c : List.copyOf(open)) {
            if (!c.busy && c.isIdle(now)) {
                close(c, true);
            }
        }
    }

    /** Milliseconds from now until {@code deadline} (rounded up), 0 if past, -1 for none. */
    private static long millisUntil(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        long nanos = deadline - System.nanoTime();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    private static long deadlineAfter(long now, long nanos) {
        return nanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + nanos;
    }

    private static ByteBuffer copyOf(ByteBuffer src) {
        return ByteBuffer.allocate(src.remaining()).put(src).flip();
    }

    /** A subclass's accept(2) on its listening socket: the next waiting connection, or null if none waits. */
    @FunctionalInterface
    protected interface Accept<C extends java.io.Closeable> {
        C next() throws IOException;
    }

    /**
     * Accepts the connections waiting on the listener, at most {@link #ACCEPTS_PER_WAKE} a wake,
     * each admitted (or refused at max connections) and, if admitted, handed to {@code serve}. An
     * accept that fails (out of descriptors, most likely) pauses accepting: {@link #acceptFailed}.
     */
    protected final <C extends java.io.Closeable> void acceptWaiting(Accept<C> accept, Consumer<C> serve) {
        for (int i = 0; i < ACCEPTS_PER_WAKE; i++) {
            C connection;
            try {
                connection = accept.next();
            } catch (IOException e) {
                acceptFailed(e);
                return;
            }
            if (connection == null) {
                return;
            }
            if (admit(connection)) {
                serve.accept(connection);
            }
        }
    }

    /**
     * An accept that failed: logs it, and stops accepting for {@link #ACCEPT_BACKOFF} (connections
     * wait in the backlog meanwhile, and the ones being served go on).
     */
    private void acceptFailed(IOException e) {
        LOG.log(Level.WARNING, "{0}: accept failed, pausing accepts for {1} ms: {2}", server.patternName(),
                ACCEPT_BACKOFF.toMillis(), e.getMessage());
        acceptResumes = System.nanoTime() + ACCEPT_BACKOFF.toNanos();
        watchListener(false);
    }

    private boolean admit(java.io.Closeable channel) {
        return server.connections().admit(channel);
    }

}
