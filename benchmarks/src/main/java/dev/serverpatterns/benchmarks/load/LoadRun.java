package dev.serverpatterns.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The shape every load run shares, so that neither churn nor ping-pong can hang: start the
 * workers, let them prepare (connect), open the measured window for all of them at once, report
 * progress about once a second, and end in bounded time whatever the server does.
 *
 * <p>The timeline: workers prepare for at most the connect timeout; the window opens; when it
 * closes no new operation starts, and operations in flight have {@link LoadLimits#grace()} to
 * finish; at that deadline every socket still open is closed, which unblocks any connect, read or
 * write; a thread that still has not ended a moment later is abandoned (daemon) and reported.
 *
 * <p>Workers are platform threads, deliberately. This is the client side of a benchmark: each
 * blocking read should be one read(2) whose wake-up comes straight from the kernel, not a
 * virtual thread's park, poller registration and re-mount on a carrier, which add latency and
 * CPU on the same two cores the server under test needs. The counts are bounded, so a platform
 * thread per connection or child costs little.
 */
final class LoadRun {

    /** How long the run waits for threads to end once every socket is closed. */
    private static final Duration JOIN_BUDGET = Duration.ofSeconds(2);
    private static final long PROGRESS_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final Duration window;
    private final LoadLimits limits;
    private final Consumer<LoadProgress> progress;
    private final CountDownLatch ready;
    private final CountDownLatch windowOpened = new CountDownLatch(1);
    private final CountDownLatch done;
    private final LongAdder completed = new LongAdder();
    private final LoadErrors errors = new LoadErrors();
    private volatile boolean deadlinePassed;
    // written before windowOpened is counted down, read by workers after they await it
    private long windowStart;
    private long windowEnd;
    private long nextProgress; // the coordinating thread's own

    LoadRun(int workers, Duration window, LoadLimits limits, Consumer<LoadProgress> progress) {
        this.window = window;
        this.limits = limits;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.ready = new CountDownLatch(workers);
        this.done = new CountDownLatch(workers);
    }

    LoadLimits limits() {
        return limits;
    }

    LoadErrors errors() {
        return errors;
    }

    /** No latency can be longer than the whole run; anything recorded is clamped to this. */
    long highestLatencyNanos() {
        return window.plus(limits.grace()).plus(limits.connectTimeout()).plus(limits.readTimeout())
                .plusSeconds(1).toNanos();
    }

    long windowEndNanos() {
        return windowEnd;
    }

    boolean deadlinePassed() {
        return deadlinePassed;
    }

    void countCompleted() {
        completed.increment();
    }

    void workerReady() {
        ready.countDown();
    }

    void workerDone() {
        done.countDown();
    }

    /** Waits for the window to open; false if this thread was interrupted instead. */
    boolean awaitWindow() {
        try {
            windowOpened.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs the workers to the end and merges what they measured.
     *
     * @param unit    what one operation is, plural, for the result
     * @param planned operations the workers set out to make, or 0 when only the window bounds them
     */
    LoadResult execute(List<? extends LoadWorker> workers, String unit, long planned) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(workers.size());
        for (LoadWorker worker : workers) {
            threads.add(Thread.ofPlatform().name("load-" + worker.name().replace(' ', '-')).daemon()
                    .start(worker));
        }
        long finishedAt;
        try {
            // each connect is bounded by its timeout; the extra second is for starting the threads
            ready.await(limits.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            windowStart = System.nanoTime();
            windowEnd = windowStart + window.toNanos();
            nextProgress = windowStart + PROGRESS_INTERVAL;
            windowOpened.countDown();
            boolean allDone = awaitWorkersUntil(windowEnd)
                    || awaitWorkersUntil(windowEnd + limits.grace().toNanos());
            finishedAt = allDone ? Math.min(System.nanoTime(), windowEnd) : windowEnd;
            if (!allDone) {
                closeEverySocket(workers);
            }
        } catch (InterruptedException e) {
            closeEverySocket(workers);
            throw e;
        } finally {
            windowOpened.countDown(); // never leave a worker waiting for a window that will not open
        }
        Histogram latency = new Histogram(highestLatencyNanos(), 3);
        int starved = 0;
        long joinDeadline = System.nanoTime() + JOIN_BUDGET.toNanos();
        for (int i = 0; i < workers.size(); i++) {
            LoadWorker worker = workers.get(i);
            if (!threads.get(i).join(Duration.ofNanos(Math.max(1, joinDeadline - System.nanoTime())))) {
                errors.add(worker.name() + ": still running " + JOIN_BUDGET.toSeconds()
                        + " s after its socket was closed at the deadline; abandoned");
                continue; // its histogram may still change: leave it out
            }
            latency.add(worker.latency());
            if (worker.latency().getTotalCount() == 0 && !worker.failed()) {
                starved++;
            }
        }
        return new LoadResult(unit, workers.size(), planned, latency.getTotalCount(), errors.count(),
                errors.firstMessages(), starved, Duration.ofNanos(finishedAt - windowStart), latency);
    }

    /** Waits until every worker is done (true) or {@code until} passes (false), reporting progress. */
    private boolean awaitWorkersUntil(long until) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            if (now - nextProgress >= 0) {
                progress.accept(new LoadProgress(Duration.ofNanos(now - windowStart), completed.sum(),
                        errors.count()));
                while (now - nextProgress >= 0) {
                    nextProgress += PROGRESS_INTERVAL;
                }
            }
            if (now - until >= 0) {
                return done.getCount() == 0;
            }
            if (done.await(Math.min(until - now, nextProgress - now), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
    }

    /** The deadline: whatever is still blocked in connect, read or write returns now. */
    private void closeEverySocket(List<? extends LoadWorker> workers) {
        deadlinePassed = true;
        workers.forEach(LoadWorker::closeSocket);
    }
}
