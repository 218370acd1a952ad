package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.benchmarks.compare.ComparisonWorkload;
import dev.serverpatterns.benchmarks.compare.PatternScore;
import dev.serverpatterns.benchmarks.compare.Phase;
import dev.serverpatterns.benchmarks.jmh.CannotRun;
import dev.serverpatterns.benchmarks.jmh.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The compare table from given phases: ratios to the yardstick, and what could not run. */
class ComparisonTableTest {

    private static Phase ran(Scenario scenario, long completed, long serverCpuMicros, int starved) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        latency.recordValue(100_000);
        return new Phase(scenario, new LoadResult(scenario.operations(), 16, 0, completed, 0, List.of(), starved,
                Duration.ofSeconds(1), latency, serverCpuMicros * 1000), null, null);
    }

    private static String print(List<PatternScore> scores) {
        StringWriter text = new StringWriter();
        new ComparisonTable(ComparisonWorkload.defaults(), scores).print(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void eachFigureIsAlsoARatioToTheYardsticksInTheSamePhase() {
        String out = print(List.of(
                new PatternScore("yardstick", List.of(ran(Scenario.PING_PONG, 200_000, 800_000, 0),
                        new Phase(Scenario.CHURN, null, CannotRun.NOT_APPLICABLE, "echo only"))),
                new PatternScore("pool", List.of(ran(Scenario.PING_PONG, 100_000, 1_000_000, 2),
                        ran(Scenario.CHURN, 10_000, 500_000, 0)))));

        assertThat(out).containsPattern("(?m)^yardstick +200,000 +1\\.00 +4\\.00 +1\\.00 +100 us +n/a +n/a +0 +churn "
                        + "not run \\(below\\)$")
                .containsPattern("(?m)^pool +100,000 +0\\.50 +10\\.0 +2\\.50 +100 us +10,000 +50\\.0 +0 +ping-pong: 2 "
                        + "of 16 connections starved$")
                .contains("Not run:\n  yardstick churn: n/a, echo only\n");
    }

    @Test
    void withoutTheYardstickTheRowsSayWhyAndGiveNoRatio() {
        String gcc = "gcc was not found (Cannot run program \"gcc\"): install gcc";
        String out = print(List.of(
                new PatternScore("yardstick", List.of(new Phase(Scenario.PING_PONG, null, CannotRun.NOT_APPLICABLE,
                        gcc), new Phase(Scenario.CHURN, null, CannotRun.NOT_APPLICABLE, "echo only"))),
                new PatternScore("pool", List.of(ran(Scenario.PING_PONG, 100_000, 1_000_000, 0),
                        ran(Scenario.CHURN, 10_000, 500_000, 0)))));

        assertThat(out).containsPattern("(?m)^pool +100,000 +- +10\\.0 +- +100 us +10,000 +50\\.0 +0$")
                .contains("  yardstick ping-pong: n/a, " + gcc + "\n");
    }
}
