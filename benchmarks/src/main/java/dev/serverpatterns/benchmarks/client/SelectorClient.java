package dev.serverpatterns.benchmarks.client;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * What both load generators share: ONE thread drives every connection through ONE
 * {@link Selector}. On a 2-core machine the client shares the CPU with the server under test, and
 * a client thread per connection would spend the server's core on scheduling client threads; one
 * non-blocking loop costs the client the least CPU per operation. {@code load}, {@code compare}
 * and the JMH suite all measure with it.
 *
 * <p>The loop, {@link #completeOne}, runs until exactly one operation (a round trip, or a whole
 * churn connection) completes. Every connection carries its own timer (a connect or reply
 * timeout, a back-off), checked every {@value #TIMER_TICK_MILLIS} ms, so nothing waits forever.
 *
 * <p>Two ways to fail: a client built for JMH has no {@link LoadErrors} and throws the first
 * failure, which ends the trial; a client built for a load run counts each failure in its
 * {@link LoadErrors} with the connection's name and goes on with the others.
 */
public abstract sealed class SelectorClient implements Closeable permits PingPongClient, ChurnClient {

    static final long TIMER_TICK_MILLIS = 10;
    private static final long TIMER_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TIMER_TICK_MILLIS);
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    final Selector selector;
    final List<Conn> conns = new ArrayList<>();
    /** Null for a JMH client: the first failure is thrown. */
    private final LoadErrors errors;
    private final ArrayDeque<SelectionKey> ready = new ArrayDeque<>();
    private final Consumer<SelectionKey> enqueue = ready::addLast;
    private long nextTimerCheck = System.nanoTime();
    /** The measured window has closed: no new operation starts. */
    boolean stopping;
    /** The operation {@link #completeOne} last completed: when it started and ended. */
    long lastStart;
    long lastEnd;

    /** One connection (ping-pong), or one child making connection after connection (churn). */
    abstract static class Conn {
        SocketChannel channel;
        SelectionKey key;
        /** When this connection's timer fires ({@link #timerFired}); 0 when it has none. */
        long timerAt;
        /** Operations completed inside the measured window. */
        long counted;
        boolean failed;

        /** How errors name it: {@code connection 3}, {@code child 2: connection 7}. */
        abstract String name();
    }

    SelectorClient(LoadErrors errors) throws IOException {
        this.errors = errors;
        this.selector = Selector.open();
    }

    /** Handles a ready key; true if that completed an operation ({@link #lastStart}, {@link #lastEnd} set). */
    abstract boolean handle(Conn c, SelectionKey key) throws IOException;

    /** {@code c}'s timer fired at {@code now}: a timeout (a failure) or the end of a back-off. */
    abstract void timerFired(Conn c, long now) throws IOException;

    /** Words for an I/O exception of {@code c}, saying what it was doing and how far it got. */
    abstract String describe(Conn c, IOException e);

    /** {@code c} failed and its channel is closed: what it does next (nothing, or a back-off). */
    abstract void afterFailure(Conn c);

    /** Whether any connection has an operation in flight or is about to start one. */
    abstract boolean busy();

    /** Starts the first operation of every connection. */
    abstract void begin(long now) throws IOException;

    /** The window closed: no new operation starts; those in flight may still finish. */
    void stopStarting() {
        stopping = true;
    }

    /** What an operation still in flight at the deadline is reported as, or null if it has none. */
    abstract String cutOffAtDeadline(Conn c);

    /**
     * Runs the event loop until one operation completes (returns its connection) or, when
     * {@code bounded}, {@code until} passes or nothing is left to do (returns null).
     *
     * @throws IOException a JMH client's first failure
     */
    final Conn completeOne(boolean bounded, long until) throws IOException {
        while (true) {
            SelectionKey key = ready.pollFirst();
            if (key == null) {
                long now = System.nanoTime();
                if (now - nextTimerCheck >= 0) {
                    nextTimerCheck = now + TIMER_TICK_NANOS;
                    checkTimers(now);
                }
                if (!busy()) {
                    if (bounded) {
                        return null;
                    }
                    throw new IOException("no connection is left to measure with");
                }
                if (bounded && now - until >= 0) {
                    return null;
                }
                long wait = bounded ? Math.min(until - now, nextTimerCheck - now) : nextTimerCheck - now;
                selector.select(enqueue, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                continue;
            }
            Conn c = (Conn) key.attachment();
            if (!key.isValid()) {
                continue; // closed since it was selected
            }
            String failure;
            try {
                if (handle(c, key)) {
                    return c;
                }
                continue;
            } catch (LoadFailed e) {
                throw e; // already named and final
            } catch (Failure e) {
                failure = e.getMessage();
            } catch (IOException e) {
                failure = describe(c, e);
            }
            fail(c, failure);
        }
    }

    /** For JMH: completes one operation and records its latency; the first failure is thrown. */
    final void completeOneInto(Histogram latencies) throws IOException {
        completeOne(false, 0);
        latencies.recordValue(Math.min(lastEnd - lastStart, latencies.getHighestTrackableValue()));
    }

    private void checkTimers(long now) throws IOException {
        for (Conn c : conns) {
            if (c.timerAt != 0 && now - c.timerAt >= 0) {
                c.timerAt = 0;
                timerFired(c, now);
            }
        }
    }

    /**
     * {@code c} failed: a JMH client throws; a load client counts the error, closes the
     * connection and lets it decide what comes next.
     */
    final void fail(Conn c, String what) throws IOException {
        if (errors == null) {
            throw new LoadFailed(c.name() + ": " + what);
        }
        errors.add(c.name() + ": " + what);
        c.failed = true;
        c.timerAt = 0;
        close(c);
        afterFailure(c);
    }

    /** A reply that is wrong, short or late, in words: thrown by a handler, reported by {@link #fail}. */
    static final class Failure extends IOException {
        Failure(String what) {
            super(what, null);
        }
    }

    /** A JMH client's failure, naming the connection: it ends the trial. */
    public static final class LoadFailed extends IOException {
        LoadFailed(String message) {
            super(message);
        }
    }

    static void close(Conn c) {
        if (c.channel != null) {
            Connect.closeQuietly(c.channel); // also cancels its key
        }
    }

    /**
     * A load run: the warm-up, then the measured window, then a grace for the operations in
     * flight, then the deadline, when whatever is still in flight is cut off and reported. Every
     * loop here is bounded by one of those instants.
     *
     * @param unit           what an operation is, plural, for the result
     * @param planned        operations set out to make, or 0 when only time bounds the run
     * @param serverCpuNanos the server's CPU clock, read when the window opens and when it ends;
     *                       null when the server is not ours to watch
     */
    final LoadResult run(String unit, long planned, Duration warmup, Duration window, LoadLimits limits,
                         Consumer<LoadProgress> progress, LongSupplier serverCpuNanos) throws IOException {
        Histogram latency = new Histogram(highestLatencyNanos(warmup, window, limits), 3);
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        long nextProgress = windowStart + PROGRESS_INTERVAL_NANOS;
        begin(start);
        boolean open = false;
        long cpuAtStart = -1;
        long completed = 0;
        long finishedAt;
        while (true) {
            long now = System.nanoTime();
            if (!open && now - windowStart >= 0) {
                open = true;
                cpuAtStart = read(serverCpuNanos);
            }
            if (open && now - nextProgress >= 0 && now - windowEnd < 0) {
                progress.accept(new LoadProgress(Duration.ofNanos(now - windowStart), completed, errors.count()));
                nextProgress += PROGRESS_INTERVAL_NANOS;
            }
            if (now - windowEnd >= 0 || !busy()) {
                finishedAt = Math.min(now, windowEnd);
                break;
            }
            Conn c = completeOne(true, open ? Math.min(windowEnd, nextProgress) : windowStart);
            if (c != null && lastEnd - windowStart >= 0 && lastEnd - windowEnd <= 0) {
                latency.recordValue(Math.min(lastEnd - lastStart, latency.getHighestTrackableValue()));
                completed++;
                c.counted++;
            }
        }
        long cpuAtEnd = open ? read(serverCpuNanos) : -1;
        stopStarting();
        long deadline = Math.max(System.nanoTime(), windowEnd) + limits.grace().toNanos();
        while (busy()) {
            if (completeOne(true, deadline) == null && System.nanoTime() - deadline >= 0) {
                break;
            }
        }
        for (Conn c : conns) {
            String cutOff = cutOffAtDeadline(c);
            if (cutOff != null) {
                fail(c, cutOff);
            }
        }
        int starved = (int) conns.stream().filter(c -> c.counted == 0 && !c.failed).count();
        long serverCpu = cpuAtStart < 0 || cpuAtEnd < 0 ? -1 : cpuAtEnd - cpuAtStart;
        return new LoadResult(unit, conns.size(), planned, completed, errors.count(), errors.firstMessages(), starved,
                Duration.ofNanos(Math.max(0, finishedAt - windowStart)), latency, serverCpu);
    }

    private static long read(LongSupplier clock) {
        return clock == null ? -1 : clock.getAsLong();
    }

    /** No latency can be longer than the whole run; anything recorded is clamped to this. */
    private static long highestLatencyNanos(Duration warmup, Duration window, LoadLimits limits) {
        return warmup.plus(window).plus(limits.grace()).plus(limits.connectTimeout()).plus(limits.readTimeout())
                .plusSeconds(1).toNanos();
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            close(c);
        }
        Connect.closeQuietly(selector);
    }
}
