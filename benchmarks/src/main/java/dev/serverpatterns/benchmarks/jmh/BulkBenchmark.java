package dev.serverpatterns.benchmarks.jmh;

import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 5, bulk: one connection streaming {@value #MESSAGE_BYTES}-byte messages through an
 * echo server, {@value #WINDOW} messages in flight ({@link BulkClient}). Primary result:
 * messages per second; the report multiplies by 64 KiB for MiB/s.
 */
public class BulkBenchmark extends ServerBenchmark {

    static final int MESSAGE_BYTES = 64 * 1024;
    static final int WINDOW = 4;

    private BulkClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, ServerLaunch.of(pattern, "echo", Duration.ZERO, 1));
        orFail("opening the bulk connection", () ->
                client = closedAtTearDown(new BulkClient(server.address(), MESSAGE_BYTES, WINDOW, STALL_TIMEOUT)));
    }

    @Benchmark
    public void message(Metrics metrics) {
        // no latency: with a window of messages in flight, it would not mean one
        measure(metrics, () -> client.message());
    }
}
