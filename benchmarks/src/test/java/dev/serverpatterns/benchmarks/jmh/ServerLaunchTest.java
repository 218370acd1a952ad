package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.WorkerModel.Concurrency;
import dev.serverpatterns.core.WorkerModel.Worker;
import dev.serverpatterns.core.workers.ProcessWorker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which trials are "cannot" or "n/a", decided before any process starts. */
class ServerLaunchTest {

    @Test
    void iterativeServesOneConnectionAtATime() {
        ServerLaunch.of("iterative", "echo", Duration.ZERO, 1).check();
        assertThatThrownBy(() -> ServerLaunch.of("iterative", "echo", Duration.ZERO, 16).check())
                .isInstanceOfSatisfying(CannotRun.class, e -> {
                    assertThat(e.verdict()).isEqualTo(CannotRun.CANNOT);
                    assertThat(e.reason()).startsWith("serves one client at a time");
                });
    }

    @Test
    void aFixedPoolGetsAWorkerPerConnectionUpToTheLimit() throws IOException {
        assertThat(ServerLaunch.of("prethreaded-pool", "echo", Duration.ZERO, 1016).command())
                .containsSequence("--workers", "1016");
        assertThat(ServerLaunch.of("prethreaded-pool", "echo", Duration.ZERO, 1).command())
                .containsSequence("--workers", "4");
        int tooMany = ServerConfig.MAX_WORKERS + 1;
        assertThatThrownBy(() -> ServerLaunch.of("prethreaded-accept", "echo", Duration.ZERO, tooMany).check())
                .isInstanceOfSatisfying(CannotRun.class, e -> assertThat(e.reason())
                        .contains(tooMany + " workers", "limit of " + ServerConfig.MAX_WORKERS));
    }

    @Test
    void otherPatternsKeepTheirDefaultsAndGetTheirOptions() throws IOException {
        assertThat(ServerLaunch.of("thread-per-client", "echo", Duration.ofMillis(1), 64).command())
                .doesNotContain("--workers")
                .containsSequence("--work", "1ms")
                .containsSequence("--protocol", "echo")
                .containsSequence("--idle-timeout", "10m");
        assertThat(ServerLaunch.of("thread-per-client", "bytes", Duration.ZERO, 5).withWorkers(15).command())
                .containsSequence("--workers", "15")
                .doesNotContain("--work");
    }

    @Test
    void eventLoopsAreOnePerProcessorAndAReactorKeepsItsPoolHoweverManyConnectionsItHolds() {
        int processors = Runtime.getRuntime().availableProcessors();
        for (WorkerModel loops : List.of(WorkerModel.eventLoops(true),
                new WorkerModel(Concurrency.MULTIPLEXED, Worker.THREAD, true, true))) {
            assertThat(ServerLaunch.workers(loops, 9016, null)).as(loops.describe()).isEqualTo(processors);
            assertThat(ServerLaunch.cannotServe(loops, processors, 9016)).as(loops.describe()).isEmpty();
        }
        for (WorkerModel keepsItsOwn : List.of(WorkerModel.eventLoops(false), WorkerModel.reactorWithPool())) {
            assertThat(ServerLaunch.workers(keepsItsOwn, 9016, null)).as(keepsItsOwn.describe()).isZero();
            assertThat(ServerLaunch.cannotServe(keepsItsOwn, 0, 9016)).as(keepsItsOwn.describe()).isEmpty();
        }
    }

    @Test
    void aWorkerPerConnectionNeedsNoCountAndAFixedPoolOnePerConnection() {
        assertThat(ServerLaunch.workers(WorkerModel.perConnection(Worker.VIRTUAL_THREAD), 9016, null)).isZero();
        assertThat(ServerLaunch.cannotServe(WorkerModel.perConnection(Worker.THREAD), 0, 9016)).isEmpty();
        WorkerModel prefork = WorkerModel.supervisedPool(Worker.PROCESS);
        assertThat(ServerLaunch.workers(prefork, 16, null)).isEqualTo(16);
        assertThat(ServerLaunch.workers(prefork, 16, 15)).as("an explicit count wins").isEqualTo(15);
        assertThat(ServerLaunch.cannotServe(prefork, 15, 16)).hasValue(
                "serves one connection per worker: 1 of 16 connections would wait for one of its 15 workers forever");
    }

    @Test
    void childJvmsBeyondWhatHalfTheMemoryHoldsCannotBeStarted() {
        int tooMany = ProcessWorker.MAX_ALIVE + 1;
        assertThat(ServerLaunch.cannotServe(WorkerModel.perConnection(Worker.PROCESS), 0, tooMany))
                .hasValueSatisfying(reason -> assertThat(reason).contains("child JVM per connection", "64 MiB"));
        assertThat(ServerLaunch.cannotServe(WorkerModel.supervisedPool(Worker.PROCESS), tooMany, tooMany))
                .hasValueSatisfying(reason -> assertThat(reason).contains("child JVM per worker"));
        assertThat(ServerLaunch.cannotServe(WorkerModel.supervisedPool(Worker.THREAD), tooMany, tooMany))
                .as("threads are not capped by it").isEmpty();
        assertThat(ServerLaunch.cannotServe(WorkerModel.perConnection(Worker.PROCESS), 0, 16)).isEmpty();
    }

    @Test
    void theYardstickIsEchoWithoutWork() {
        assertThatThrownBy(() -> ServerLaunch.of(Yardstick.NAME, "bytes", Duration.ZERO, 5).check())
                .isInstanceOfSatisfying(CannotRun.class,
                        e -> assertThat(e.verdict()).isEqualTo(CannotRun.NOT_APPLICABLE));
        assertThatThrownBy(() -> ServerLaunch.of(Yardstick.NAME, "echo", Duration.ofMillis(1), 64).check())
                .isInstanceOfSatisfying(CannotRun.class,
                        e -> assertThat(e.verdict()).isEqualTo(CannotRun.NOT_APPLICABLE));
    }

    @Test
    void anUnknownPatternNamesTheKnownOnes() {
        assertThatThrownBy(() -> ServerLaunch.of("no-such-pattern", "echo", Duration.ZERO, 1).check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thread-per-client");
    }

    @Test
    void placementPrefixesTheServer() {
        assertThat(Placement.NONE.serverPrefix()).isEmpty();
        assertThat(Placement.SHARED.serverPrefix()).containsExactly("taskset", "-c", "0");
        assertThat(Placement.SPLIT.serverPrefix()).startsWith("taskset", "-c");
    }
}
