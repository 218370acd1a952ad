package dev.serverpatterns.benchmarks.cli;

import static dev.serverpatterns.benchmarks.cli.Formats.rate;

import dev.serverpatterns.benchmarks.compare.ComparisonWorkload;
import dev.serverpatterns.benchmarks.compare.PatternComparison;
import dev.serverpatterns.benchmarks.compare.PatternScore;
import dev.serverpatterns.benchmarks.compare.Phase;
import dev.serverpatterns.benchmarks.jmh.Scenario;
import dev.serverpatterns.benchmarks.jmh.Yardstick;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serverpatterns compare}: the project's main job. Runs the C yardstick and every registered
 * pattern (or the ones asked for) in turn through the same two short phases, each server in its
 * own process as in the JMH suite (see {@link PatternComparison}), and prints one table: throughput
 * and the server's CPU time per operation, each also as a ratio to the yardstick's. What it could
 * not run, and why, is listed under the table. Exit status 1 if a phase failed or had errors;
 * a "cannot" or "n/a" is the design's answer, not a failure.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Runs every pattern and the C yardstick against the same workload and prints one table.",
        showDefaultValues = true,
        description = {"Runs the C yardstick (if gcc can build it) and every registered pattern in turn, each "
                + "server in its own process, against the same two phases of the benchmark suite, and prints one "
                + "side-by-side table:",
                "  ping-pong: " + ComparisonWorkload.PING_PONG_CONNECTIONS + " connections of closed-loop "
                        + Scenario.MESSAGE_BYTES + " B echo round trips;",
                "  churn: " + Scenario.CHURN_CHILDREN + " connections at a time, each asking for "
                        + Scenario.CHURN_REPLY_BYTES + " B (UNP ch.30).",
                "Beside each rate: the server's CPU time per operation, and both as ratios to the yardstick's."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Measured length of each phase, per pattern.")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Unmeasured start of each phase: each server is a fresh process, its JIT cold.")
    Duration warmup;

    @Option(names = "--patterns", split = ",", paramLabel = "NAME", completionCandidates = PatternNames.class,
            description = "Only these patterns, in this order (default: all): ${COMPLETION-CANDIDATES}.")
    List<String> patternNames;

    @Override
    public Integer call() {
        LogSetup.configure(false);
        List<String> rows = new ArrayList<>(List.of(Yardstick.NAME));
        ServerPatternsCli.validated(spec, this::selectedPatterns).forEach(p -> rows.add(p.name()));
        ComparisonWorkload workload = ServerPatternsCli.validated(spec,
                () -> ComparisonWorkload.defaults().withPhase(duration).withWarmup(warmup));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<PatternScore> scores = new ArrayList<>();
        for (String row : rows) {
            PatternScore score = PatternComparison.measure(row, workload);
            scores.add(score);
            err.printf("[%d/%d] %s%n", scores.size(), rows.size(), progressLine(score));
            err.flush();
        }
        new ComparisonTable(workload, scores).print(out);
        return scores.stream().allMatch(PatternScore::succeeded) ? 0 : 1;
    }

    private List<ServerPattern> selectedPatterns() {
        if (patternNames == null || patternNames.isEmpty()) {
            return ServerPatterns.all();
        }
        return patternNames.stream().map(String::trim).map(ServerPatterns::byName).toList();
    }

    private static String progressLine(PatternScore score) {
        List<String> parts = new ArrayList<>();
        for (Phase phase : score.phases()) {
            parts.add(phase.scenario().id() + " " + (phase.ran()
                    ? rate(phase.result().perSecond()) + " " + phase.scenario().throughputUnit()
                    : phase.verdict()));
        }
        return score.name() + ": " + String.join(", ", parts);
    }
}
