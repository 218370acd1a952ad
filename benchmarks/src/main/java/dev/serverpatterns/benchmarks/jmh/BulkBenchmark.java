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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 5, bulk: one connection streaming {@value #MESSAGE_BYTES}-byte messages through an
 * echo server, {@value #WINDOW} messages in flight ({@link BulkClient}). Primary result:
 * messages per second; the report multiplies by 64 KiB for MiB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = Budget.WARMUP_ITERATIONS, time = Budget.ITERATION_SECONDS)
@Measurement(iterations = Budget.MEASUREMENT_ITERATIONS, time = Budget.ITERATION_SECONDS)
@Fork(1)
@Timeout(time = Budget.ITERATION_TIMEOUT_SECONDS)
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
