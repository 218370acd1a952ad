package dev.serverpatterns.benchmarks.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured: how many operations completed inside the measured window, how
 * fast, with which latency distribution, and what went wrong.
 *
 * <p>An operation is a round trip (ping-pong) or a whole connection: connect, request, reply
 * (churn). Only operations that complete inside the window count, so {@link #perSecond()} is an
 * honest rate; those still in flight when it ends are neither counted nor errors.
 *
 * @param unit        what an operation is, plural: {@code round trips} or {@code connections}
 * @param workers     connections (ping-pong) or children (churn)
 * @param planned     operations the run set out to make, or 0 when only time bounds it
 * @param completed   operations completed inside the window
 * @param errors      failed operations: refused, reset, short or wrong replies, timeouts,
 *                    operations cut off at the deadline
 * @param firstErrors the first few error messages, each naming the connection and what went wrong
 * @param starved     workers that completed no operation and had no error: connections a
 *                    serializing server never got to (not an error: it is that design's result)
 * @param elapsed     the measured window: its full length, or less if every worker ended early
 * @param latency     per-operation latency in nanoseconds
 * @param serverCpuNanos CPU time the server's process tree used during the window, or -1 when the
 *                    server was not watched (an external server)
 */
public record LoadResult(String unit, int workers, long planned, long completed, long errors,
                         List<String> firstErrors, int starved, Duration elapsed, Histogram latency,
                         long serverCpuNanos) {

    public LoadResult {
        Objects.requireNonNull(unit, "unit");
        firstErrors = List.copyOf(firstErrors);
        Objects.requireNonNull(elapsed, "elapsed");
        latency = latency.copy(); // the record stays a value: nobody else can record into it
    }

    /** A copy: the result stays a value. */
    @Override
    public Histogram latency() {
        return latency.copy();
    }

    /** Completed operations per second of the measured window. */
    public double perSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : completed * 1e9 / nanos;
    }

    /**
     * The server's CPU time per completed operation, in microseconds: what the design costs for
     * one round trip or one connection, whoever was the bottleneck. NaN when unknown.
     */
    public double serverCpuMicrosPerOperation() {
        return serverCpuNanos < 0 || completed == 0 ? Double.NaN : serverCpuNanos / 1e3 / completed;
    }

    /** The latency at a percentile, e.g. {@code 99.9}; zero when nothing completed. */
    public Duration latencyAt(double percentile) {
        return Duration.ofNanos(latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile));
    }

    /** Planned operations that neither completed nor failed: the time limit came first. */
    public long unfinished() {
        return planned == 0 ? 0 : Math.max(0, planned - completed - errors);
    }

    /** No errors, and every planned operation was made. */
    public boolean succeeded() {
        return errors == 0 && unfinished() == 0;
    }
}
