package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The vocabulary: what the report and compare read about each scenario. */
class ScenarioTest {

    @Test
    void aParametersValuesAreTheBenchmarksOwnParamList() {
        assertThat(Scenario.PING_PONG.parameter()).hasValue("connections");
        assertThat(Scenario.PING_PONG.parameterValues()).containsExactly("1", "16", "256");
        assertThat(Scenario.IDLE_ACTIVE.parameterValues()).containsExactly("0", "1000", "5000", "9000");
        assertThat(Scenario.CHURN.parameter()).isEmpty();
        assertThat(Scenario.CHURN.parameterValues()).isEmpty();
    }

    @Test
    void resultsNameTheirScenarioByBenchmarkClassOrMethod() {
        assertThat(Scenario.ofBenchmark("dev.serverpatterns.benchmarks.jmh.ChurnBenchmark.connection"))
                .hasValue(Scenario.CHURN);
        assertThat(Scenario.ofBenchmark("IdleActiveBenchmark")).hasValue(Scenario.IDLE_ACTIVE);
        assertThat(Scenario.ofBenchmark("dev.example.OtherBenchmark.run")).isEmpty();
    }

    @Test
    void unitsAndTheYardsticksReach() {
        assertThat(Scenario.PING_PONG.throughputUnit()).isEqualTo("round trips/s");
        assertThat(Scenario.CHURN.operations()).isEqualTo("connections");
        assertThat(Scenario.BULK.throughputUnit()).isEqualTo("MiB/s");
        assertThat(Scenario.BULK.throughput(16)).as("16 messages of 64 KiB a second").isEqualTo(1.0);
        assertThat(Scenario.values()).filteredOn(Scenario::yardstickApplies)
                .containsExactly(Scenario.PING_PONG, Scenario.IDLE_ACTIVE, Scenario.BULK);
    }

    @Test
    void eachScenarioLaunchesTheServerItNeeds() {
        assertThat(Scenario.PING_PONG.launch("thread-per-client", 256))
                .isEqualTo(ServerLaunch.of("thread-per-client", "echo", Duration.ZERO, 256));
        assertThat(Scenario.IDLE_ACTIVE.launch("thread-per-client", 1000).heldConnections()).isEqualTo(1016);
        assertThat(Scenario.CHURN.launch("iterative", 0))
                .isEqualTo(ServerLaunch.of("iterative", "bytes", Duration.ZERO, 1));
        assertThat(Scenario.SLOW_HANDLER.launch("iterative", 0).work()).isEqualTo(Duration.ofMillis(1));
        assertThat(Scenario.slowHandlerCeiling()).isEqualTo(64_000);
    }
}
