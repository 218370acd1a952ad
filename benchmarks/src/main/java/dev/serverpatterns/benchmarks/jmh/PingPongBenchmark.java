package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.PingPongClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 1, {@link Scenario#PING_PONG}: 64-byte echo round trips on 1, 16 or 256 connections,
 * each with one message in flight ({@link PingPongClient}). Primary result: round trips per second;
 * the secondary results hold the latency percentiles and both sides' CPU time ({@link Metrics}).
 */
public class PingPongBenchmark extends ServerBenchmark {

    @Param({"1", "16", "256"})
    public int connections;

    private PingPongClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, Scenario.PING_PONG.launch(pattern, connections));
        orFail("opening " + connections + " connections", () -> client = closedAtTearDown(
                new PingPongClient(server.address(), connections, Scenario.MESSAGE_BYTES, STALL_TIMEOUT)));
    }

    @Benchmark
    public void roundTrip(Metrics metrics) {
        measure(metrics, () -> client.roundTrip(metrics.latencies));
    }
}
