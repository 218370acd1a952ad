package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.PingPongClient;
import java.io.IOException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scenario 3, {@link Scenario#IDLE_ACTIVE}, idle + active (C10K): {@code idle} connections held
 * open and silent ({@link IdleConnections}) while 16 connections ping-pong 64-byte messages.
 * Primary result: round trips per second of the active connections, as a function of how many
 * idle ones the server holds. Secondary: the server's RSS per idle connection, from its RSS
 * just before and just after the idle connections were opened ({@link IdleMetrics}).
 *
 * <p>The client and the server are separate processes, each with {@code ulimit -n} file
 * descriptors, so 9,000 idle connections fit a limit of 20,000 on both sides. A design that
 * cannot hold them (a fixed pool smaller than the load, one client at a time, a descriptor or
 * thread limit) is a "cannot" cell with the reason.
 */
public class IdleActiveBenchmark extends ServerBenchmark {

    @Param({"0", "1000", "5000", "9000"})
    public int idle;

    private PingPongClient client;
    private long rssPerIdleConnection;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        startServer(params, Scenario.IDLE_ACTIVE.launch(pattern, idle));
        long before = server.rssBytes();
        try {
            closedAtTearDown(new IdleConnections(server.address(), idle, STALL_TIMEOUT));
        } catch (IOException e) {
            throw noted(CannotRun.cannot("could not hold " + idle + " idle connections: " + e.getMessage()
                    + stderrHint()));
        }
        rssPerIdleConnection = idle == 0 ? 0 : Math.max(0, server.rssBytes() - before) / idle;
        // the active connections last: their first round trip starts when they connect, and its
        // reply timer must not run while a slow design accepts thousands of idle connections
        orFail("opening " + Scenario.ACTIVE_CONNECTIONS + " active connections", () -> client = closedAtTearDown(
                new PingPongClient(server.address(), Scenario.ACTIVE_CONNECTIONS, Scenario.MESSAGE_BYTES,
                        STALL_TIMEOUT)));
    }

    private String stderrHint() {
        String stderr = server.stderrTail().strip();
        if (stderr.isEmpty()) {
            return "";
        }
        String[] lines = stderr.split("\n");
        return " (server stderr: " + lines[lines.length - 1] + ")";
    }

    @Benchmark
    public void roundTrip(Metrics metrics, IdleMetrics idleMetrics) {
        idleMetrics.rssPerIdleConnection = rssPerIdleConnection;
        measure(metrics, () -> client.roundTrip(metrics.latencies));
    }

    /** The idle connections' cost, reported with every iteration (the same figure each time). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class IdleMetrics {
        long rssPerIdleConnection;

        /** Server RSS growth while the idle connections were opened, divided by their number, bytes. */
        public long rssPerIdleConnectionBytes() {
            return rssPerIdleConnection;
        }
    }
}
