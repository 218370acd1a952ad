package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.PingPongClient;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 1, ping-pong: 64-byte echo round trips on 1, 16 or 256 connections, each with one
 * message in flight ({@link PingPongClient}). Primary result: round trips per second; the
 * secondary results hold the latency percentiles and both sides' CPU time ({@link Metrics}).
 */
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
