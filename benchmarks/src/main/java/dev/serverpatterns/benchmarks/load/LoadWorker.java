package dev.serverpatterns.benchmarks.load;

import java.io.IOException;
import java.net.Socket;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One worker of a {@link LoadRun}: a ping-pong connection doing round trips, or a churn child
 * making connection after connection, each on its own thread.
 *
 * <p>The base class holds what every worker shares: a latency histogram that only its own thread
 * records into (so recording costs no synchronization; the run merges them at the end), the
 * socket it has open now (so the run can close it at the deadline), and the one rule for what
 * counts: an operation that completed inside the window.
 */
abstract class LoadWorker implements Runnable {

    private final LoadRun run;
    private final String name;
    /** int counts: half the memory of long counts, and no worker completes 2^31 operations in a bucket. */
    private final IntCountsHistogram latency;
    private final long highestLatency;
    private volatile Socket socket;
    private boolean failed;

    LoadWorker(LoadRun run, String name) {
        this.run = run;
        this.name = name;
        this.latency = new IntCountsHistogram(run.highestLatencyNanos(), 3);
        this.highestLatency = latency.getHighestTrackableValue();
    }

    /** Before the window opens (ping-pong connects here); false if it failed, already reported. */
    abstract boolean prepare();

    /** Operations, until the window closes, an error ends this worker, or the deadline closes its socket. */
    abstract void work();

    @Override
    public final void run() {
        boolean prepared = false;
        try {
            prepared = prepare();
        } catch (RuntimeException e) {
            fail("internal error while preparing: " + e);
        } finally {
            run.workerReady();
        }
        try {
            if (prepared && run.awaitWindow()) {
                work();
            }
        } catch (RuntimeException e) {
            fail("internal error: " + e);
        } finally {
            closeSocket();
            run.workerDone();
        }
    }

    final String name() {
        return name;
    }

    final LoadRun loadRun() {
        return run;
    }

    /** True while the window is open: a new operation may start at {@code now}. */
    final boolean windowOpenAt(long now) {
        return now - run.windowEndNanos() < 0;
    }

    /** Counts an operation that ran from {@code start} to {@code end}, if it completed inside the window. */
    final void completed(long start, long end) {
        if (end - run.windowEndNanos() <= 0) {
            latency.recordValue(Math.min(end - start, highestLatency));
            run.countCompleted();
        }
    }

    /** Reports an error for this worker: {@code connection 7: what}. */
    final void fail(String what) {
        failed = true;
        run.errors().add(name + ": " + what);
    }

    /** A new, unconnected socket, registered so that the deadline can close it. */
    final Socket newSocket() {
        Socket s = new Socket();
        socket = s;
        return s;
    }

    /** Called by the run at the deadline, from its own thread: unblocks a connect, read or write. */
    final void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken: closed is all we need
            }
        }
    }

    /** Read only after this worker's thread has ended. */
    final IntCountsHistogram latency() {
        return latency;
    }

    /** Read only after this worker's thread has ended. */
    final boolean failed() {
        return failed;
    }
}
