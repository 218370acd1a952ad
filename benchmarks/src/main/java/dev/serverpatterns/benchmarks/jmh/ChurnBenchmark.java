package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.ChurnClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 2, {@link Scenario#CHURN}: UNP ch. 30's workload ({@link ChurnClient}): connect, ask for
 * 4,000 bytes with the byte-count protocol, read them, close; 5 connections at a time, as Stevens'
 * client runs 5 children. Primary result: connections per second; {@link Metrics} adds the
 * server's CPU time per connection.
 *
 * <p>Not measured on the C yardstick, which speaks echo only.
 */
public class ChurnBenchmark extends ServerBenchmark {

    private ChurnClient client;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, Scenario.CHURN.launch(pattern, 0));
        orFail("starting " + Scenario.CHURN_CHILDREN + " churning connections", () -> client = closedAtTearDown(
                new ChurnClient(server.address(), Scenario.CHURN_CHILDREN, Scenario.CHURN_REPLY_BYTES, STALL_TIMEOUT)));
    }

    @Benchmark
    public void connection(Metrics metrics) {
        measure(metrics, () -> client.connection(metrics.latencies));
    }
}
