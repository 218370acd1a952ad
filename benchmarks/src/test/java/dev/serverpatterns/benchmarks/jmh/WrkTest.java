package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.testkit.SystemTools;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WrkTest {

    private static final String OUTPUT = """
            Running 2s test @ http://127.0.0.1:40000/
              1 threads and 16 connections
            serverpatterns-wrk {"requests":250000,"durationUs":2000000,"bytes":22750000,"errors":{"connect":0,\
            "read":0,"write":0,"status":3,"timeout":0},"latencyUs":{"mean":129.5,"max":6819,"50":82,"90":152,\
            "99":1716,"99.9":4796}}
            """;

    @Test
    void theScriptsLineGivesTheFiguresAndTheOtherLinesAreIgnored() throws IOException {
        Wrk.Result result = Wrk.parse(OUTPUT, 1_500_000_000L);

        assertThat(result.requests()).isEqualTo(250_000);
        assertThat(result.requestsPerSecond()).isEqualTo(125_000.0);
        assertThat(result.bytes()).isEqualTo(22_750_000);
        assertThat(result.errors()).containsEntry("status", 3L).containsEntry("timeout", 0L);
        assertThat(result.errorCount()).as("non-2xx responses are errors").isEqualTo(3);
        assertThat(result.latencyUs()).containsEntry("50", 82.0).containsEntry("99.9", 4796.0)
                .containsEntry("mean", 129.5);
        assertThat(result.clientCpuNanos()).isEqualTo(1_500_000_000L);
    }

    @Test
    void withoutTheScriptsLineTheErrorQuotesWhatWrkPrinted() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n", 0))
                .isInstanceOf(IOException.class).hasMessageContaining("no summary line")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void theScriptAsksForEveryPercentileAndPrintsOneLine() {
        assertThat(Wrk.SCRIPT).contains("done = function(summary, latency, requests)", "50.0, 90.0, 99.0, 99.9",
                "latency:percentile(q)", Wrk.MARKER);
    }

    @Test
    void realWrkAgainstAPatternServingHttpCountsEveryRequestAndNoError() throws IOException {
        String missing = Wrk.unavailableReason();
        if (missing != null) {
            SystemTools.missing(missing);
        }
        ServerConfig config = ServerConfig.builder().protocol("http").build();
        try (RunningServer server = ServerPatterns.byName("thread-per-client").start(config)) {
            Wrk.Result result = Wrk.run(server.address(), 4, Duration.ofSeconds(1), List.of());

            assertThat(result.requests()).isPositive();
            assertThat(result.errors()).allSatisfy((kind, count) -> assertThat(count).as(kind).isZero());
            assertThat(result.latencyUs()).containsKeys("50", "90", "99", "99.9", "mean", "max");
            assertThat(server.stats().bytesOut()).as("every response wrk counted was sent by the server")
                    .isGreaterThanOrEqualTo(result.bytes());
            assertThat(result.clientCpuNanos()).as("wrk's CPU time, from this JVM's reaped children").isPositive();
        }
    }
}
