package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoadCommandTest {

    @Test
    void churnPrintsItsTotalsAndExitsZero() throws Exception {
        var config = ServerConfig.builder().protocol("bytes").build();
        try (RunningServer server = ServerPatterns.byName("prethreaded-accept").start(config)) {
            CliRun run = CliRun.execute("load", "--port", port(server), "-c", "3", "-t", "20", "-b", "4096");

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(run.out()).contains("churn: 3 children x 20 connections x 4096 B against 127.0.0.1:")
                    .contains("connections  60 of 60 in ")
                    .containsPattern("latency +p50 .+ p99 .+ p99.9 .+ max .+ \\(connect \\+ request\\)")
                    .contains("received     245,760 bytes")
                    .contains("errors       0");
        }
    }

    @Test
    void pingPongPrintsProgressOnStderrAndReportsStarvationAgainstTheIterativeServer() throws Exception {
        try (RunningServer server = ServerPatterns.byName("iterative").start(ServerConfig.defaults())) {
            CliRun run = CliRun.execute("load", "--port", port(server), "--connections", "3", "--size", "64",
                    "--duration", "1500ms", "--grace", "500ms");

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(run.out()).contains("ping-pong: 3 connections x 64 B for 1500ms")
                    .contains("starved      2 of 3 connections never completed a round trip");
            assertThat(run.err()).containsPattern("(?m)^\\[1s] [\\d,]+ round trips, 0 errors$");
        }
    }

    @Test
    void errorsArePrintedAndMakeTheStatusNonZero() throws Exception {
        var closed = new ServerSocket(0);
        int port = closed.getLocalPort();
        closed.close();

        CliRun run = CliRun.execute("load", "--port", String.valueOf(port), "-c", "1", "-t", "3", "-b", "10");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("errors       3")
                .contains("    child 1: connection 1: connect to 127.0.0.1:" + port + " failed: Connection refused");
    }

    @Test
    void theModeMustBeChosenAndNotMixed() {
        CliRun none = CliRun.execute("load", "--port", "2000");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no mode: give churn options (-c, -t, -b) or ping-pong options");

        CliRun mixed = CliRun.execute("load", "-c", "2", "--duration", "1s");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("churn and ping-pong options mixed");
    }

    @Test
    void parametersTheLoadRefusesAreStatus2() {
        CliRun run = CliRun.execute("load", "--connections", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("serverpatterns load: connections must be 1-1000, got 0\n");
    }

    private static String port(RunningServer server) {
        return String.valueOf(server.address().getPort());
    }
}
