package dev.serverpatterns.benchmarks.cli;

import static dev.serverpatterns.benchmarks.cli.Formats.count;
import static dev.serverpatterns.benchmarks.cli.Formats.latency;

import dev.serverpatterns.benchmarks.cli.TextTable.Column;
import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.benchmarks.compare.ComparisonWorkload;
import dev.serverpatterns.benchmarks.compare.PatternScore;
import dev.serverpatterns.benchmarks.compare.Phase;
import dev.serverpatterns.benchmarks.jmh.Scenario;
import dev.serverpatterns.benchmarks.jmh.Yardstick;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * What {@code compare} prints: the workload, one row per pattern with throughput and server CPU per
 * operation beside their ratios to the yardstick's, then every phase that did not run and why, then
 * the first errors of any pattern that had some.
 */
record ComparisonTable(ComparisonWorkload workload, List<PatternScore> scores) {

    void print(PrintWriter out) {
        out.printf("each server in its own process, one client thread; %s warm-up + %s measured per phase; "
                + "%d CPUs%n", DurationConverter.format(workload.warmup()), DurationConverter.format(workload.phase()),
                Runtime.getRuntime().availableProcessors());
        out.printf("ping-pong: %d connections x %d B echo; churn: %d at a time x %d B (byte-count protocol)%n",
                ComparisonWorkload.PING_PONG_CONNECTIONS, Scenario.MESSAGE_BYTES, Scenario.CHURN_CHILDREN,
                Scenario.CHURN_REPLY_BYTES);
        out.println("rt/s, conn/s: round trips, connections per second; us/rt, us/conn: the server's CPU time per "
                + "round trip, per connection;");
        out.println("vs yard: the figure over the C yardstick's (throughput: higher is better; CPU: lower is better)");
        out.println();
        TextTable table = new TextTable(List.of(
                new Column("pattern", false),
                new Column("rt/s", true), new Column("vs yard", true),
                new Column("us/rt", true), new Column("vs yard", true),
                new Column("rt p99", true),
                new Column("conn/s", true), new Column("us/conn", true),
                new Column("errors", true),
                new Column("note", false)));
        for (PatternScore score : scores) {
            Phase pingPong = score.phase(Scenario.PING_PONG);
            Phase churn = score.phase(Scenario.CHURN);
            table.add(List.of(
                    score.name(),
                    figure(pingPong, LoadResult::perSecond, Formats::rate), ratio(pingPong, LoadResult::perSecond),
                    figure(pingPong, LoadResult::serverCpuMicrosPerOperation, ComparisonTable::micros),
                    ratio(pingPong, LoadResult::serverCpuMicrosPerOperation),
                    pingPong.ran() ? latency(pingPong.result().latencyAt(99)) : "-",
                    figure(churn, LoadResult::perSecond, Formats::rate),
                    figure(churn, LoadResult::serverCpuMicrosPerOperation, ComparisonTable::micros),
                    count(score.errors()),
                    note(score)));
        }
        table.print(out);
        notRun(out);
        errors(out);
        out.flush();
    }

    /** A phase's figure, its verdict if it did not run, or "-" if the figure is unknown. */
    private static String figure(Phase phase, ToDoubleFunction<LoadResult> figure, DoubleFunction<String> format) {
        if (!phase.ran()) {
            return phase.verdict();
        }
        double value = figure.applyAsDouble(phase.result());
        return Double.isNaN(value) ? "-" : format.apply(value);
    }

    /** The phase's figure over the yardstick's in the same phase; "-" when either is missing. */
    private String ratio(Phase phase, ToDoubleFunction<LoadResult> figure) {
        Optional<Phase> yardstick = scores.stream().filter(s -> s.name().equals(Yardstick.NAME)).findFirst()
                .map(s -> s.phase(phase.scenario())).filter(Phase::ran);
        if (!phase.ran() || yardstick.isEmpty()) {
            return "-";
        }
        double mine = figure.applyAsDouble(phase.result());
        double theirs = figure.applyAsDouble(yardstick.get().result());
        return Double.isNaN(mine) || Double.isNaN(theirs) || theirs == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", mine / theirs);
    }

    private static String note(PatternScore score) {
        List<String> notes = new ArrayList<>();
        for (Phase phase : score.phases()) {
            if (!phase.ran()) {
                notes.add(phase.scenario().id() + " not run (below)");
            } else if (phase.result().starved() > 0) {
                notes.add(phase.scenario().id() + ": " + phase.result().starved() + " of "
                        + phase.result().workers() + " connections starved");
            }
        }
        if (score.errors() > 0) {
            notes.add("errors below");
        }
        return String.join("; ", notes);
    }

    /** Every phase that did not run, and why. */
    private void notRun(PrintWriter out) {
        List<String> lines = new ArrayList<>();
        for (PatternScore score : scores) {
            for (Phase phase : score.phases()) {
                if (!phase.ran()) {
                    lines.add("  " + score.name() + " " + phase.scenario().id() + ": " + phase.verdict() + ", "
                            + phase.reason());
                }
            }
        }
        if (!lines.isEmpty()) {
            out.println();
            out.println("Not run:");
            lines.forEach(out::println);
        }
    }

    private void errors(PrintWriter out) {
        for (PatternScore score : scores) {
            List<String> first = score.phases().stream().filter(Phase::ran)
                    .flatMap(p -> p.result().firstErrors().stream()).limit(5).toList();
            if (!first.isEmpty()) {
                out.println();
                out.println(score.name() + ": " + count(score.errors()) + " errors, the first:");
                first.forEach(e -> out.println("  " + e));
            }
        }
    }

    /** Server CPU µs per operation, three significant digits. */
    static String micros(double us) {
        return String.format(Locale.ROOT, us < 10 ? "%.2f" : us < 100 ? "%.1f" : "%,.0f", us);
    }
}
