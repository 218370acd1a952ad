package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.PingPongClient;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 4, slow handler: the ping-pong of 64-byte messages on {@value #CONNECTIONS}
 * connections, against a server started with {@code --work 1ms}: every message costs the
 * handler 1 ms of blocking work (a sleep). A design that gives each connection its own thread
 * overlaps the sleeps (at best {@value #CONNECTIONS} connections / 1 ms = 64,000 round trips/s);
 * a design that serves many connections on one thread stalls them all behind each sleep.
 *
 * <p>Not measured on the C yardstick, which has no simulated work.
 */
public class SlowHandlerBenchmark extends ServerBenchmark {

    static final int CONNECTIONS = 64;
    static final Duration WORK = Duration.ofMillis(1);

    private PingPongClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, ServerLaunch.of(pattern, "echo", WORK, CONNECTIONS));
        orFail("opening " + CONNECTIONS + " connections", () -> client = closedAtTearDown(
                new PingPongClient(server.address(), CONNECTIONS, PingPongBenchmark.MESSAGE_BYTES, STALL_TIMEOUT)));
    }

    @Benchmark
    public void roundTrip(Metrics metrics) {
        measure(metrics, () -> client.roundTrip(metrics.latencies));
    }
}
