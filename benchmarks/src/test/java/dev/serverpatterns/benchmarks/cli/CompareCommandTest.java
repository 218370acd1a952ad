package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompareCommandTest {

    @Test
    void printsOneTableWithARowPerPatternAsked() {
        CliRun run = CliRun.execute("compare", "--duration", "1s", "--patterns", "thread-per-client,iterative");

        assertThat(run.exitCode()).as("out: %s%nerr: %s", run.out(), run.err()).isZero();
        assertThat(run.out()).contains("ping-pong: 16 connections x 64 B; churn: 4 children x 4000 B; 1s per phase")
                .containsPattern("(?m)^pattern +ping-pong rt/s +rt p99 +churn conn/s +starved/errors +note$")
                .containsPattern("(?m)^thread-per-client +[\\d,]+ +[\\d.]+ [um]?s +[\\d,]+ +0 / 0$")
                .containsPattern("(?m)^iterative +[\\d,]+ +[\\d.]+ [um]?s +[\\d,]+ +15 / 0 +serializes clients$");
        assertThat(run.out().indexOf("thread-per-client ")).as("in the order asked")
                .isLessThan(run.out().indexOf("iterative "));
        assertThat(run.err()).contains("[1/2] thread-per-client: ping-pong ", "[2/2] iterative: ping-pong ");
    }

    @Test
    void anUnknownPatternIsStatus2BeforeAnythingRuns() {
        CliRun run = CliRun.execute("compare", "--patterns", "iterative,forking");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("serverpatterns compare: unknown pattern 'forking'; known: ");
        assertThat(run.out()).isEmpty();
    }
}
