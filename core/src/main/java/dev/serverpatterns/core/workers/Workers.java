package dev.serverpatterns.core.workers;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The workers one server owns, whatever they are: platform threads, virtual threads or child
 * processes. Every worker is started by name ({@code serverpatterns-OWNER-ROLE}), tracked until
 * it ends, optionally kept in a numbered slot by a supervisor that replaces it when it dies, and
 * stopped by {@link #close()} within a bounded time. Patterns of every family share this one
 * lifecycle: the blocking servers' threads now, the prefork parent's child processes later.
 *
 * <pre>
 * Overview (for implementers).
 * The naive way: start threads, keep no list, and in close() hope they notice. A thread blocked
 * in accept() or read() never does; a child process outlives the server; a worker killed by a
 * fault leaves its slot empty, and a fixed pool quietly shrinks to nothing.
 * The design: a worker is tracked from before it starts (under the lock close() takes, so close()
 * never misses one that is being started) until it ends. close() first stops anything new from
 * starting, then asks every worker to stop (interrupt; SIGTERM), waits for all of them against one
 * deadline, forces what is left (SIGKILL; a thread cannot be forced), and returns the names of
 * those it could not stop, so a caller (the contract kit) can fail on a leak instead of it being
 * only logged. A supervised slot's worker reports its exit to one supervisor thread, which starts
 * a replacement in the same slot while the server is open.
 * </pre>
 */
public final class Workers {

    /** How long {@link #close()} waits, in all, for the workers to end once asked to. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long it waits after forcing a worker to stop. */
    private static final Duration FORCED_STOP_TIMEOUT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(Workers.class.getName());

    private final String owner;
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Integer> deadSlots = new LinkedBlockingQueue<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicLong replaced = new AtomicLong();

    /** @param owner the pattern's name, which every worker's name starts with */
    public Workers(String owner) {
        this.owner = owner;
    }

    public boolean isOpen() {
        return open.get();
    }

    /** {@code serverpatterns-OWNER-ROLE}: how the threads (and the contract kit) find a server's workers. */
    public String workerName(String role) {
        return "serverpatterns-" + owner + "-" + role;
    }

    /** Workers that ended while the server was open and were started again in their slot. */
    public long replacements() {
        return replaced.get();
    }

    /** Workers started and not yet ended. */
    public int liveCount() {
        return live.size();
    }

    /** Starts a platform thread named {@code serverpatterns-OWNER-ROLE}; null if closing (not started). */
    public Thread startThread(String role, Runnable body) {
        ThreadWorker worker = start(() -> new ThreadWorker(Thread.ofPlatform().name(workerName(role)), body));
        return worker == null ? null : worker.thread();
    }

    /** Starts a virtual thread named {@code serverpatterns-OWNER-ROLE}; null if closing (not started). */
    public Thread startVirtualThread(String role, Runnable body) {
        ThreadWorker worker = start(() -> new ThreadWorker(Thread.ofVirtual().name(workerName(role)), body));
        return worker == null ? null : worker.thread();
    }

    /**
     * Starts a worker of any kind and tracks it until it ends.
     *
     * @param starter creates and starts the worker; it runs under the lock {@link #close()} takes
     * @return the worker, or null if the server is closing (then the starter was not called)
     */
    public <W extends Worker> W start(Supplier<W> starter) {
        synchronized (live) { // close() never sees a worker that is added but not yet started
            if (!isOpen()) {
                return null;
            }
            W worker = starter.get();
            live.add(worker);
            worker.onExit().whenComplete((ignored, failure) -> live.remove(worker));
            return worker;
        }
    }

    /** Starts a worker in a numbered slot; see {@link #supervise}. */
    @FunctionalInterface
    public interface SlotStarter {
        /** Creates and starts the worker for {@code slot}, named {@code name}. */
        Worker start(int slot, String name);
    }

    /**
     * Starts one worker per slot, and a supervisor thread that starts a replacement in the same
     * slot whenever one ends while the server is open. UNP's prethreaded and preforked servers
     * do not replace a dead worker; here that is code.
     */
    public void supervise(int slots, SlotStarter starter) {
        for (int slot = 0; slot < slots; slot++) {
            startSlot(slot, starter);
        }
        startThread("supervisor", () -> {
            while (isOpen()) {
                int slot;
                try {
                    slot = deadSlots.take();
                } catch (InterruptedException e) {
                    return; // close() interrupts
                }
                if (isOpen()) {
                    LOG.log(Level.WARNING, "{0}: worker {1} ended; starting a replacement in its slot", owner, slot);
                    startSlot(slot, starter);
                    replaced.incrementAndGet();
                }
            }
        });
    }

    /**
     * {@link #supervise} with platform threads named {@code worker-SLOT} running {@code body}:
     * a throwable that escapes the body is logged and ends the worker, which is then replaced.
     */
    public void superviseThreads(int slots, IntConsumer body) {
        supervise(slots, (slot, name) -> new ThreadWorker(Thread.ofPlatform().name(name), () -> {
            try {
                body.accept(slot);
            } catch (Throwable t) { // an Error from a protocol kills this worker, by design; say so
                LOG.log(Level.ERROR, owner + ": worker " + slot + " died", t);
            }
        }));
    }

    private void startSlot(int slot, SlotStarter starter) {
        Worker worker = start(() -> starter.start(slot, workerName("worker-" + slot)));
        if (worker != null) {
            worker.onExit().whenComplete((ignored, failure) -> {
                if (isOpen()) {
                    deadSlots.add(slot);
                }
            });
        }
    }

    /**
     * From now on no worker starts and none is replaced; the running ones go on. A server calls
     * this before it closes what its workers block on (the listening socket, the connections),
     * so that a worker that returns because of that is not taken for a dead one and replaced.
     */
    public void beginClose() {
        synchronized (live) { // after this, start() starts nothing
            open.set(false);
        }
    }

    /**
     * Stops every worker: no new one starts; each is asked to stop; all are awaited against one
     * deadline of {@link #STOP_TIMEOUT}; the rest are forced. Idempotent; never throws.
     *
     * @return the names of the workers still running afterwards (empty if all stopped)
     */
    public List<String> close() {
        beginClose();
        List<Worker> started;
        synchronized (live) {
            started = List.copyOf(live);
        }
        started.forEach(Worker::requestStop);
        List<Worker> stubborn = awaitAll(started, STOP_TIMEOUT);
        stubborn.forEach(Worker::forceStop);
        List<String> left = new ArrayList<>();
        for (Worker w : awaitAll(stubborn, FORCED_STOP_TIMEOUT)) {
            LOG.log(Level.WARNING, "{0}: {1} did not stop within {2} s", owner, w.name(), STOP_TIMEOUT.toSeconds());
            left.add(w.name());
        }
        return left;
    }

    private static List<Worker> awaitAll(List<Worker> workers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Worker> alive = new ArrayList<>();
        for (Worker w : workers) {
            try {
                if (!w.awaitExit(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    alive.add(w);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                alive.add(w);
            }
        }
        return alive;
    }
}
