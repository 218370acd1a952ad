package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.report.Json;
import dev.serverpatterns.benchmarks.report.Machine;
import dev.serverpatterns.benchmarks.report.Report;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite the way the committed results are made: every scenario over every
 * registered pattern (found now, through {@link ServerPatterns#all()}, not the literal
 * {@code @Param} list) plus the C yardstick, then the UNP ch. 30 reproduction, then the HTTP run
 * with wrk beside nginx ({@link WrkRun}), then the report.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.serverpatterns.benchmarks.jmh.Suite [--quick]
 *      [--out docs/results/raw] [--report docs/results] [--no-jmh] [--no-stevens] [--no-wrk]
 *      [--no-report] [--report-only] [--patterns NAME,...] [REGEX...]
 * </pre>
 *
 * <ul>
 *   <li>{@code --quick}: 1 warm-up and 2 measured iterations of 1 s, idle connections 0 and 1000
 *       only, a fifth of Stevens' connections, wrk runs of 1 + 2 s: about a quarter of the full
 *       profile's hour;</li>
 *   <li>{@code --out}: where JMH's JSON ({@code jmh-result.json}), the notes of the trials that
 *       did not run ({@code jmh-notes.jsonl}), {@code machine.json}, {@code stevens.json} and {@code wrk.json} go;</li>
 *   <li>{@code --report}: where the Markdown and the charts are written; when that folder sits in a
 *       docs folder (beside {@code patterns/}), the generated sections of its pages are rewritten too;</li>
 *   <li>{@code --no-jmh}, {@code --no-stevens}, {@code --no-wrk}: leave out the JMH scenarios, the UNP
 *       ch. 30 run, the HTTP run (e.g. {@code --no-jmh --no-stevens --patterns A,B}: the HTTP rows
 *       of two patterns again, and nginx's);</li>
 *   <li>{@code --report-only}: measure nothing, write the report from the raw results already in
 *       {@code --out} (after a change to the report, or to regenerate the docs);</li>
 *   <li>{@code --patterns}: measure these patterns only (and the references: the yardstick), and
 *       merge their rows into the results already in {@code --out} (see {@link PartialRun});</li>
 *   <li>{@code REGEX}: JMH include patterns, to run some scenarios only (e.g. {@code PingPong}).</li>
 * </ul>
 * Client/server placement: {@code -Dserverpatterns.bench.placement=none|split|shared} (see {@link Placement}).
 */
public final class Suite {

    /** The JMH include pattern of every scenario of this suite. */
    public static final String ALL_SCENARIOS = "dev\\.serverpatterns\\.benchmarks\\.jmh\\..*Benchmark\\.";

    public static final String RESULTS_FILE = "jmh-result.json";
    public static final String MACHINE_FILE = "machine.json";
    public static final String STEVENS_FILE = "stevens.json";
    public static final String WRK_FILE = "wrk.json";

    /** The quick profile: what it changes from the annotations' defaults. */
    public static final String QUICK = "1 warm-up + 2 measured iterations of 1 s, idle in {0, 1000}, "
            + "UNP ch.30 with 5 x 200 connections and 1 round, wrk runs of 1 s warm-up + 2 s";

    private Suite() {
    }

    /** Every registered pattern's name, then the yardstick's (if it can be compiled here). */
    public static List<String> patternParams() {
        List<String> names = new ArrayList<>(ServerPatterns.all().stream().map(ServerPattern::name).toList());
        String unavailable = Yardstick.unavailableReason();
        if (unavailable == null) {
            names.add(Yardstick.NAME);
        } else {
            System.err.println("WARNING: " + unavailable);
        }
        if (BareNetty.unavailableReason() == null) { // the second reference, for the Netty family
            names.add(BareNetty.NAME);
        }
        return names;
    }

    public static void main(String[] args) throws IOException, RunnerException {
        boolean quick = false;
        boolean stevens = true;
        boolean wrk = true;
        boolean jmh = true;
        boolean report = true;
        boolean measure = true;
        Path out = Path.of("docs", "results", "raw");
        Path reportDir = Path.of("docs", "results");
        List<String> includes = new ArrayList<>();
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--report" -> reportDir = Path.of(args[++i]);
                case "--no-stevens" -> stevens = false;
                case "--no-wrk" -> wrk = false;
                case "--no-jmh" -> jmh = false;
                case "--no-report" -> report = false;
                case "--report-only" -> measure = false;
                case "--patterns" -> only.addAll(List.of(args[++i].split(",")));
                case "-h", "--help" -> {
                    System.out.println("usage: Suite [--quick] [--out DIR] [--report DIR] [--no-jmh] [--no-stevens] "
                            + "[--no-wrk] [--no-report] [--report-only] [--patterns NAME,...] [REGEX...]");
                    return;
                }
                default -> includes.add(args[i]);
            }
        }
        long started = System.nanoTime();
        if (measure) {
            measure(quick, jmh, stevens, wrk, out, includes, only);
        }
        if (report) {
            Report.generate(out, reportDir);
        }
        System.out.printf("Suite finished in %.1f min%n", (System.nanoTime() - started) / 60e9);
    }

    /**
     * Unless told not to: the JMH scenarios, the UNP ch. 30 run and the HTTP run, each over every
     * pattern or over {@code only} (and the references), merged into the earlier results in {@code out}.
     */
    private static void measure(boolean quick, boolean jmh, boolean stevens, boolean wrk, Path out,
                                List<String> includes, List<String> only) throws IOException, RunnerException {
        Files.createDirectories(out);
        if (jmh) {
            measureScenarios(quick, out, includes, only);
        }
        if (stevens) {
            if (partial(only, out, STEVENS_FILE)) {
                Path fresh = out.resolve("stevens.partial.json");
                StevensRun.run(fresh, quick, only);
                new PartialRun(only).mergeRows(out.resolve(STEVENS_FILE), fresh);
            } else {
                StevensRun.run(out.resolve(STEVENS_FILE), quick, only);
            }
        }
        if (wrk) {
            if (partial(only, out, WRK_FILE)) {
                Path fresh = out.resolve("wrk.partial.json");
                WrkRun.run(fresh, quick, only, WrkRun.CONNECTIONS);
                if (Files.exists(fresh)) { // not without wrk
                    new PartialRun(WrkRun.measured(only)).mergeRows(out.resolve(WRK_FILE), fresh);
                }
            } else {
                WrkRun.run(out.resolve(WRK_FILE), quick, only, WrkRun.CONNECTIONS);
            }
        }
    }

    /** Whether a run of {@code only} merges into the earlier {@code file} rather than replacing it. */
    private static boolean partial(List<String> only, Path out, String file) {
        return !only.isEmpty() && Files.exists(out.resolve(file));
    }

    /** The JMH scenarios over every pattern, or over {@code only} and the references merged into the earlier results. */
    @SuppressWarnings("unchecked")
    private static void measureScenarios(boolean quick, Path out, List<String> includes, List<String> only)
            throws IOException, RunnerException {
        List<String> patterns = patternParams();
        boolean partial = partial(only, out, RESULTS_FILE);
        if (!only.isEmpty()) {
            patterns = chosen(only, patterns);
        }
        Path results = out.resolve(partial ? "jmh-result.partial.json" : RESULTS_FILE);
        Path notes = out.resolve(partial ? "jmh-notes.partial.jsonl" : Notes.DEFAULT_FILE);
        Files.deleteIfExists(notes);
        Placement placement = Placement.current();
        Map<String, Object> machine = Machine.capture(quick ? "quick (" + QUICK + ")" : "full",
                placement.description());
        String yardstick = Yardstick.unavailableReason();
        machine.put("yardstick", yardstick == null ? "compiled with gcc -O2" : "unavailable: " + yardstick);
        PartialRun merge = new PartialRun(patterns);
        Path machineFile = out.resolve(MACHINE_FILE);
        if (partial && Files.exists(machineFile)) {
            machine = merge.machine((Map<String, Object>) Json.parse(Files.readString(machineFile)), machine, only);
        }
        Files.writeString(machineFile, Json.write(machine) + "\n");

        System.out.println("Patterns: " + String.join(", ", patterns)
                + (partial ? " (merged into the results in " + out + ")" : ""));
        ChainedOptionsBuilder options = new OptionsBuilder()
                .param("pattern", patterns.toArray(String[]::new))
                .resultFormat(ResultFormatType.JSON)
                .result(results.toString())
                .jvmArgsAppend("-D" + Notes.PROPERTY + "=" + notes.toAbsolutePath(),
                        "-D" + Placement.PROPERTY + "=" + placement.name().toLowerCase(java.util.Locale.ROOT))
                .shouldFailOnError(false);
        if (includes.isEmpty()) {
            options.include(ALL_SCENARIOS);
        } else {
            includes.forEach(options::include);
        }
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1))
                    .param("idle", "0", "1000");
        }
        new Runner(options.build()).run();
        if (partial) {
            merge.merge(out.resolve(RESULTS_FILE), results, out.resolve(Notes.DEFAULT_FILE), notes);
        }
    }

    /** {@code only} (each a registered pattern, else a clear error) and the references in {@code all}. */
    static List<String> chosen(List<String> only, List<String> all) {
        Set<String> registered = new TreeSet<>(ServerPatterns.all().stream().map(ServerPattern::name).toList());
        List<String> unknown = only.stream().filter(name -> !registered.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--patterns: no pattern named " + String.join(", ", unknown)
                    + "; registered: " + String.join(", ", registered));
        }
        List<String> chosen = new ArrayList<>(new LinkedHashSet<>(only));
        all.stream().filter(name -> !registered.contains(name)).forEach(chosen::add);
        return chosen;
    }
}
