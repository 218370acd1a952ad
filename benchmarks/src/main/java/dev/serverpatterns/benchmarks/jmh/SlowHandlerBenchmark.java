package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.PingPongClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 4, {@link Scenario#SLOW_HANDLER}: the ping-pong of 64-byte messages on 64 connections,
 * against a server started with {@code --work 1ms}: every message costs the handler 1 ms of
 * blocking work (a sleep). A design that gives each connection its own thread overlaps the sleeps
 * (at best 64 connections / 1 ms = 64,000 round trips/s); a design that serves many connections on
 * one thread stalls them all behind each sleep.
 *
 * <p>Not measured on the C yardstick, which has no simulated work.
 */
public class SlowHandlerBenchmark extends ServerBenchmark {

    private PingPongClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, Scenario.SLOW_HANDLER.launch(pattern, 0));
        orFail("opening " + Scenario.SLOW_CONNECTIONS + " connections", () -> client = closedAtTearDown(
                new PingPongClient(server.address(), Scenario.SLOW_CONNECTIONS, Scenario.MESSAGE_BYTES,
                        STALL_TIMEOUT)));
    }

    @Benchmark
    public void roundTrip(Metrics metrics) {
        measure(metrics, () -> client.roundTrip(metrics.latencies));
    }
}
