package dev.serverpatterns.benchmarks.cli;

import static dev.serverpatterns.benchmarks.cli.Formats.count;
import static dev.serverpatterns.benchmarks.cli.Formats.latency;
import static dev.serverpatterns.benchmarks.cli.Formats.rate;

import dev.serverpatterns.benchmarks.cli.TextTable.Column;
import dev.serverpatterns.benchmarks.load.ComparisonWorkload;
import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.benchmarks.load.PatternComparison;
import dev.serverpatterns.benchmarks.load.PatternScore;
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
 * {@code serverpatterns compare}: the project's main job. Runs every registered pattern (or the
 * ones asked for) in turn, in this process, through the same two short phases (see
 * {@link PatternComparison}), and prints one table to read them side by side. Exit status 1 if a
 * pattern failed to start or produced errors; the table is printed either way.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Runs every pattern against the same workload and prints one table.", showDefaultValues = true,
        description = {"Runs every registered pattern in turn, in-process, against the same workload, and prints "
                + "one side-by-side table:",
                "  ping-pong: 16 connections of closed-loop 64 B echo round trips (round trips/s, p99 latency);",
                "  churn: 4 children making connection after connection, 4000 B each (connections/s).",
                "Starved connections are those the design never served during the run (e.g. iterative)."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Length of each phase, per pattern.")
    Duration duration;

    @Option(names = "--patterns", split = ",", paramLabel = "NAME", completionCandidates = PatternNames.class,
            description = "Only these patterns, in this order (default: all): ${COMPLETION-CANDIDATES}.")
    List<String> patternNames;

    @Option(names = "--workers", defaultValue = "4", paramLabel = "N",
            description = "Workers of the fixed-pool designs.")
    int workers;

    @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Each phase run once against the first pattern first, unreported, so that the first "
                    + "row is not measured on a cold JIT. Default: a third of --duration.")
    Duration warmup;

    @Override
    public Integer call() {
        LogSetup.configure(false);
        List<ServerPattern> patterns = ServerPatternsCli.validated(spec, this::selectedPatterns);
        ComparisonWorkload workload = ServerPatternsCli.validated(spec,
                () -> ComparisonWorkload.defaults().withPhase(duration).withWorkers(workers));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration warmupPhase = warmup != null ? warmup : duration.dividedBy(3);
        if (warmupPhase.toMillis() >= 1 && !patterns.isEmpty()) {
            err.printf("warming up against %s (%s per phase)%n", patterns.getFirst().name(),
                    DurationConverter.format(warmupPhase));
            err.flush();
            PatternComparison.measure(patterns.getFirst(), ServerPatternsCli.validated(spec,
                    () -> workload.withPhase(warmupPhase)));
        }
        List<PatternScore> scores = new ArrayList<>();
        for (ServerPattern pattern : patterns) {
            PatternScore score = PatternComparison.measure(pattern, workload);
            scores.add(score);
            err.printf("[%d/%d] %s%n", scores.size(), patterns.size(), progressLine(score));
            err.flush();
        }
        printTable(out, workload, scores);
        return scores.stream().allMatch(PatternScore::succeeded) ? 0 : 1;
    }

    private List<ServerPattern> selectedPatterns() {
        if (patternNames == null || patternNames.isEmpty()) {
            return ServerPatterns.all();
        }
        return patternNames.stream().map(String::trim).map(ServerPatterns::byName).toList();
    }

    private static String progressLine(PatternScore score) {
        StringBuilder line = new StringBuilder(score.pattern().name()).append(':');
        if (score.pingPong() != null) {
            line.append(" ping-pong ").append(rate(score.pingPong().perSecond())).append(" round trips/s");
        }
        if (score.churn() != null) {
            line.append(", churn ").append(rate(score.churn().perSecond())).append(" connections/s");
        }
        if (score.failure() != null) {
            line.append(' ').append(score.failure());
        }
        if (score.errors() > 0) {
            line.append(", ").append(count(score.errors())).append(" errors");
        }
        return line.toString();
    }

    private static void printTable(PrintWriter out, ComparisonWorkload w, List<PatternScore> scores) {
        out.printf("ping-pong: %d connections x %d B; churn: %d children x %d B; %s per phase; %d workers; %d CPUs%n",
                w.pingPongConnections(), w.pingPongSize(), w.churnChildren(), w.churnBytes(),
                DurationConverter.format(w.phase()), w.workers(), Runtime.getRuntime().availableProcessors());
        out.println();
        TextTable table = new TextTable(List.of(
                new Column("pattern", false),
                new Column("ping-pong rt/s", true),
                new Column("rt p99", true),
                new Column("churn conn/s", true),
                new Column("starved/errors", true),
                new Column("note", false)));
        for (PatternScore score : scores) {
            LoadResult pingPong = score.pingPong();
            LoadResult churn = score.churn();
            table.add(List.of(
                    score.pattern().name(),
                    pingPong == null ? "-" : rate(pingPong.perSecond()),
                    pingPong == null ? "-" : latency(pingPong.latencyAt(99)),
                    churn == null ? "-" : rate(churn.perSecond()),
                    (pingPong == null ? "-" : String.valueOf(pingPong.starved())) + " / " + count(score.errors()),
                    note(score, w)));
        }
        table.print(out);
        for (PatternScore score : scores) {
            List<String> errors = new ArrayList<>();
            if (score.pingPong() != null) {
                errors.addAll(score.pingPong().firstErrors());
            }
            if (score.churn() != null) {
                errors.addAll(score.churn().firstErrors());
            }
            if (!errors.isEmpty()) {
                out.println();
                out.println(score.pattern().name() + ": " + count(score.errors()) + " errors, the first:");
                errors.stream().limit(5).forEach(e -> out.println("  " + e));
            }
        }
        out.flush();
    }

    /** What to keep in mind reading the row: the design's known trait, or what went wrong. */
    private static String note(PatternScore score, ComparisonWorkload w) {
        List<String> notes = new ArrayList<>();
        if (score.failure() != null) {
            notes.add(score.failure());
        }
        if (score.pattern().workerModel().servesOneClientAtATime()) {
            notes.add("serializes clients");
        }
        if (score.pattern().workerModel().supervised()) {
            notes.add("fixed pool of " + w.workers() + " workers");
        }
        if (score.errors() > 0) {
            notes.add("errors: see below");
        }
        return String.join("; ", notes);
    }
}
