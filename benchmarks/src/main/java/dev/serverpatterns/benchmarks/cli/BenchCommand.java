package dev.serverpatterns.benchmarks.cli;

import dev.serverpatterns.benchmarks.jmh.Suite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code serverpatterns bench}: the JMH suite, the UNP ch. 30 reproduction and the report, as
 * {@link Suite} runs them. The default paths are the repository's (the launcher passes its
 * location as {@code serverpatterns.home}), so the raw results land in {@code docs/results/raw},
 * the report in {@code docs/results} and the generated sections in the docs pages, wherever the
 * command is started from; {@code --report-only} rewrites them all from the committed raw results.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true,
        header = "Runs the JMH suite over every pattern and writes the report with charts.",
        description = {"Every scenario (ping-pong, churn, idle + active, slow handler, bulk) over every registered "
                + "pattern and the C yardstick, each server in its own process; then the UNP ch.30 table; then "
                + "wrk against every pattern serving http, beside nginx; then Markdown and charts. About an hour "
                + "on 2 cores (2-3 minutes per pattern); --quick: about a quarter of that."})
final class BenchCommand implements Callable<Integer> {

    private static final Path HOME = Path.of(System.getProperty("serverpatterns.home", "."));

    @Option(names = "--quick", description = "Fewer iterations and parameters (about a quarter of the time).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Raw results: JMH JSON, notes, UNP ch.30 JSON.")
    Path out = HOME.resolve("docs/results/raw");

    @Option(names = "--report", paramLabel = "DIR", description = "Where the Markdown report and the charts go; "
            + "in a docs folder (beside patterns/), the pages' generated sections are rewritten too.")
    Path report = HOME.resolve("docs/results");

    @Option(names = "--no-stevens", description = "Skip the UNP ch.30 reproduction.")
    boolean noStevens;

    @Option(names = "--no-jmh", description = "Skip the JMH scenarios (e.g. to measure only the HTTP run again).")
    boolean noJmh;

    @Option(names = "--no-wrk", description = "Skip the HTTP run (wrk against every pattern and nginx).")
    boolean noWrk;

    @Option(names = "--no-report", description = "Skip the report.")
    boolean noReport;

    @Option(names = "--report-only", description = "Measure nothing: write the report and the docs' generated "
            + "sections from the raw results in --out.")
    boolean reportOnly;

    @Option(names = "--patterns", paramLabel = "NAME", split = ",", description = "Measure these patterns only "
            + "(and the C yardstick again), and merge their rows into the results already in --out: a new family "
            + "in minutes instead of the whole suite. The report says which rows came from which run.")
    List<String> patterns = new ArrayList<>();

    @Parameters(paramLabel = "REGEX", arity = "0..*", description = "JMH include patterns, e.g. PingPong.")
    List<String> includes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--report", report.toString()));
        if (quick) {
            args.add("--quick");
        }
        if (noStevens) {
            args.add("--no-stevens");
        }
        if (noJmh) {
            args.add("--no-jmh");
        }
        if (noWrk) {
            args.add("--no-wrk");
        }
        if (noReport) {
            args.add("--no-report");
        }
        if (reportOnly) {
            args.add("--report-only");
        }
        if (!patterns.isEmpty()) {
            args.add("--patterns");
            args.add(String.join(",", patterns));
        }
        args.addAll(includes);
        Suite.main(args.toArray(String[]::new));
        return 0;
    }
}
