package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListCommandTest {

    @Test
    void listsEveryBlockingPatternAndEveryProtocolWithTheirDescriptions() {
        CliRun run = CliRun.execute("list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("patterns:", "protocols:");
        assertThat(run.out()).containsPattern("(?m)^  iterative +one thread accepts a client")
                .containsPattern("(?m)^  thread-per-client +the main thread accepts")
                .containsPattern("(?m)^  virtual-thread-per-client +the thread-per-client server")
                .containsPattern("(?m)^  prethreaded-accept +N threads")
                .containsPattern("(?m)^  prethreaded-pool +a main thread accepts")
                .containsPattern("(?m)^  echo +RFC 862")
                .containsPattern("(?m)^  bytes +UNP ch.30");
    }

    @Test
    void helpWorksWithoutACommandAndNoCommandIsAUsageError() {
        assertThat(CliRun.execute("--help").out()).contains("list", "serve", "load", "compare");
        CliRun none = CliRun.execute();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: serverpatterns");
    }
}
