package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StevensRunTest {

    @Test
    void measuresServerCpuAndConnectionsPerWorker() {
        Map<String, Object> row = StevensRun.measure("prethreaded-accept", 100, 1);
        assertThat(row).doesNotContainKey("verdict");
        assertThat((Double) row.get("medianCpuSeconds")).as("a thousand connections cost the server some CPU "
                + "(/proc counts in 10 ms ticks)").isPositive();
        @SuppressWarnings("unchecked")
        List<Long> perWorker = (List<Long>) row.get("connectionsPerWorker");
        assertThat(perWorker).hasSize(StevensRun.WORKERS);
        long total = perWorker.stream().mapToLong(Long::longValue).sum();
        // 2 rounds of 5 x 100, plus the up to 5 connections that were in flight when the client stopped
        assertThat(total).isBetween(1000L, 1005L);
    }

    @Test
    void theIterativeServerCanTakeStevensLoad() {
        // 5 concurrent clients queue in its backlog and are served in turn: a figure, not a "cannot"
        Map<String, Object> row = StevensRun.measure("iterative", 10, 1);
        assertThat(row).doesNotContainKey("verdict").containsKey("medianCpuSeconds");
    }

    @Test
    void medianOfOddAndEven() {
        assertThat(StevensRun.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(StevensRun.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }
}
