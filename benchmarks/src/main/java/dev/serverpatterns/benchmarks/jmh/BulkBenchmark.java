package dev.serverpatterns.benchmarks.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 5, {@link Scenario#BULK}: one connection streaming 64 KiB messages through an echo
 * server, 4 messages in flight ({@link BulkClient}). Primary result:
 * messages per second; the report multiplies by 64 KiB for MiB/s.
 */
public class BulkBenchmark extends ServerBenchmark {

    private BulkClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, Scenario.BULK.launch(pattern, 0));
        orFail("opening the bulk connection", () ->
                client = closedAtTearDown(new BulkClient(server.address(), Scenario.BULK_MESSAGE_BYTES,
                        Scenario.BULK_WINDOW, STALL_TIMEOUT)));
    }

    @Benchmark
    public void message(Metrics metrics) {
        // no latency: with a window of messages in flight, it would not mean one
        measure(metrics, () -> client.message());
    }
}
