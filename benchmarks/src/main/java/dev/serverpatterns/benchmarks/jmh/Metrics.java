package dev.serverpatterns.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Secondary results of every scenario, per measurement iteration (JMH's "events": reported as
 * they are, not divided by time; the report reads each iteration's value from the JSON's raw
 * data): latency percentiles of the iteration's operations, the CPU time the server and the
 * client (this whole JVM) used during it, which tells which side was the bottleneck, and the
 * server's CPU time per operation, which says what the design costs whoever was the bottleneck.
 *
 * <p>A benchmark hands its server over on its first operation ({@link #attachOnce}), records each
 * operation's latency in {@link #latencies}, and JMH reads the public methods below when the
 * iteration ends.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class Metrics {

    /** Operation latencies of the current iteration, in nanoseconds (up to a minute). */
    final Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    /** Operations completed in the current iteration (counted by the benchmark's {@code measure}). */
    long operations;

    private ServerProcess server;
    private long serverCpuAtStart;
    private long clientCpuAtStart;
    private long p50;
    private long p99;
    private long p999;
    private long serverCpuUs;
    private long serverCpuNsPerOp;
    private long clientCpuUs;
    private long serverRssKiB;

    /**
     * Called by the benchmark method on its first call of the trial (JMH allows one state to
     * reach another only once per benchmark method, so the server cannot be handed over in the
     * trial setup): one predictable branch per operation.
     */
    void attachOnce(ServerProcess server) {
        if (this.server == null) {
            this.server = server;
            serverCpuAtStart = server.cpuNanos();
            clientCpuAtStart = ProcStats.selfCpuNanos();
        }
    }

    @Setup(Level.Iteration)
    public void beginIteration() {
        latencies.reset();
        operations = 0;
        if (server != null) {
            serverCpuAtStart = server.cpuNanos();
        }
        clientCpuAtStart = ProcStats.selfCpuNanos();
    }

    /**
     * Takes the iteration's figures. JMH reads the counters only after the trial's teardown in
     * the last iteration, when the server is already gone, so they are snapshot here.
     */
    @TearDown(Level.Iteration)
    public void endIteration() {
        p50 = percentile(50);
        p99 = percentile(99);
        p999 = percentile(99.9);
        long serverCpuNanos = server == null ? 0 : server.cpuNanos() - serverCpuAtStart;
        serverCpuUs = serverCpuNanos / 1000;
        serverCpuNsPerOp = operations == 0 ? 0 : serverCpuNanos / operations;
        clientCpuUs = (ProcStats.selfCpuNanos() - clientCpuAtStart) / 1000;
        serverRssKiB = server == null ? 0 : server.rssBytes() / 1024;
    }

    private long percentile(double p) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(p);
    }

    /** Median operation latency of the iteration, ns. */
    public long latencyP50Ns() {
        return p50;
    }

    /** 99th percentile of the operation latency, ns. */
    public long latencyP99Ns() {
        return p99;
    }

    /** 99.9th percentile of the operation latency, ns. */
    public long latencyP999Ns() {
        return p999;
    }

    /** CPU time (user + system) of the server's process tree during the iteration, µs (10 ms resolution). */
    public long serverCpuUs() {
        return serverCpuUs;
    }

    /**
     * The server's CPU time per operation of the iteration, ns: per round trip, per connection,
     * per bulk message. The report derives the same figure from the totals ({@link #serverCpuUs}
     * over the operations), so it reads result files made before this counter too.
     */
    public long serverCpuNsPerOp() {
        return serverCpuNsPerOp;
    }

    /** CPU time of this JVM (the client, JMH included) during the iteration, µs (10 ms resolution). */
    public long clientCpuUs() {
        return clientCpuUs;
    }

    /** The server's resident memory at the end of the iteration, KiB. */
    public long serverRssKiB() {
        return serverRssKiB;
    }
}
