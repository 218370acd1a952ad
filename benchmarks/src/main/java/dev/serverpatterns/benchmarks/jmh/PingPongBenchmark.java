package dev.serverpatterns.benchmarks.jmh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 1, ping-pong: 64-byte echo round trips on 1, 16 or 256 connections, each with one
 * message in flight ({@link PingPongClient}). Primary result: round trips per second; the
 * secondary results hold the latency percentiles and both sides' CPU time ({@link Metrics}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = Budget.WARMUP_ITERATIONS, time = Budget.ITERATION_SECONDS)
@Measurement(iterations = Budget.MEASUREMENT_ITERATIONS, time = Budget.ITERATION_SECONDS)
@Fork(1)
@Timeout(time = Budget.ITERATION_TIMEOUT_SECONDS)
public class PingPongBenchmark extends ServerBenchmark {

    static final int MESSAGE_BYTES = 64;

    @Param({"1", "16", "256"})
    public int connections;

    private PingPongClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, ServerLaunch.of(pattern, "echo", Duration.ZERO, connections));
        orFail("opening " + connections + " connections", () ->
                client = closedAtTearDown(
                        new PingPongClient(server.address(), connections, MESSAGE_BYTES, STALL_TIMEOUT)));
    }

    @Benchmark
    public void roundTrip(Metrics metrics) {
        measure(metrics, () -> client.roundTrip(metrics.latencies));
    }
}
