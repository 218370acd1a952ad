package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.ChurnClient;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 2, churn: UNP ch. 30's workload ({@link ChurnClient}): connect, ask for 4,000 bytes
 * with the byte-count protocol, read them, close; {@value #CONCURRENCY} connections at a time,
 * as Stevens' client runs 5 children. Primary result: connections per second. The server's CPU
 * time per 1,000 connections is derived in the report from the secondary results
 * ({@code serverCpuUs} and the operation count of each iteration).
 *
 * <p>Not measured on the C yardstick, which speaks echo only.
 */
public class ChurnBenchmark extends ServerBenchmark {

    static final int CONCURRENCY = 5;
    static final int REPLY_BYTES = 4000;

    private ChurnClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        // short connections: they queue where a design serves one at a time, so they hold 1
        startServer(params, ServerLaunch.of(pattern, "bytes", Duration.ZERO, 1));
        orFail("starting " + CONCURRENCY + " churning connections", () ->
                client = closedAtTearDown(new ChurnClient(server.address(), CONCURRENCY, REPLY_BYTES, STALL_TIMEOUT)));
    }

    @Benchmark
    public void connection(Metrics metrics) {
        measure(metrics, () -> client.connection(metrics.latencies));
    }
}
