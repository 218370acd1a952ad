package dev.serverpatterns.benchmarks.report;

import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

/**
 * Turns a suite run's files (JMH's JSON, the notes, {@code machine.json}, {@code stevens.json})
 * into {@code README.md} and charts: one table per scenario, every pattern against the C
 * yardstick, a "cannot"/"n/a"/"failed" cell with the reason wherever a trial did not run, and
 * UNP ch. 30's Figures 30.1 and 30.2.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp benchmarks.jar dev.serverpatterns.benchmarks.report.Report \
 *      [--in target/bench] [--results FILE] [--notes FILE] [--out docs/results]
 * </pre>
 */
public final class Report {

    public static final String YARDSTICK = "yardstick";
    public static final String README = "README.md";

    // the JMH benchmark classes (scenario names) and their parameters, as the jmh package defines them
    static final String PING_PONG = "PingPongBenchmark";
    static final String CHURN = "ChurnBenchmark";
    static final String IDLE = "IdleActiveBenchmark";
    static final String SLOW = "SlowHandlerBenchmark";
    static final String BULK = "BulkBenchmark";
    static final List<String> CONNECTIONS_DEFAULT = List.of("1", "16", "256");
    static final List<String> IDLE_DEFAULT = List.of("0", "1000", "5000", "9000");
    static final double BULK_MESSAGE_MIB = 64.0 / 1024;
    static final int SLOW_CONNECTIONS = 64;
    static final double SLOW_WORK_MS = 1;

    /** Stevens' Figure 30.1 (UNP 3rd ed.), server CPU seconds minus the iterative server's. */
    record StevensRow(String server, Double published, List<String> ourNames) {
    }

    static final List<StevensRow> STEVENS = List.of(
            new StevensRow("Iterative server (the baseline)", 0.0, List.of("iterative")),
            new StevensRow("Concurrent server, one fork per client", 20.90, List.of("fork-per-client",
                    "process-per-client")),
            new StevensRow("Prefork, no locking around accept", 1.80, List.of("prefork", "prefork-no-lock")),
            new StevensRow("Prefork, file locking around accept", 2.07, List.of("prefork-file-lock", "prefork-flock")),
            new StevensRow("Prefork, thread mutex locking around accept", 1.75, List.of("prefork-mutex")),
            new StevensRow("Prefork, parent passing descriptor to child", 2.58, List.of("prefork-fd-passing",
                    "prefork-descriptor-passing", "descriptor-passing")),
            new StevensRow("Concurrent server, one thread per client", 0.99, List.of("thread-per-client")),
            new StevensRow("Prethreaded, mutex locking around accept", 1.93, List.of("prethreaded-accept")),
            new StevensRow("Prethreaded, main thread calls accept", 2.05, List.of("prethreaded-pool")));

    private final Results results;
    private final Map<String, Object> machine;
    private final Map<String, Object> stevens;
    private final List<String> patterns;
    private final StringBuilder md = new StringBuilder();

    Report(Results results, Map<String, Object> machine, Map<String, Object> stevens, List<String> registered) {
        this.results = results;
        this.machine = machine;
        this.stevens = stevens;
        Set<String> names = new LinkedHashSet<>();
        names.add(YARDSTICK);
        names.addAll(registered);
        results.trials().forEach(t -> addPattern(names, t.param("pattern")));
        results.notes().forEach(n -> addPattern(names, n.params().get("pattern")));
        this.patterns = List.copyOf(names);
    }

    private static void addPattern(Set<String> names, String name) {
        if (name != null) {
            names.add(name);
        }
    }

    public static void main(String[] args) throws IOException {
        Path in = Path.of("target", "bench");
        Path results = null;
        Path notes = null;
        Path out = Path.of("docs", "results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in" -> in = Path.of(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "--notes" -> notes = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: Report [--in DIR] [--results FILE] [--notes FILE] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        generate(results != null ? results : in.resolve("jmh-result.json"),
                notes != null ? notes : in.resolve("jmh-notes.jsonl"), in, out);
    }

    /** Reads a suite's output directory and writes the report into {@code out}. */
    public static Path generate(Path in, Path out) throws IOException {
        return generate(in.resolve("jmh-result.json"), in.resolve("jmh-notes.jsonl"), in, out);
    }

    static Path generate(Path resultsFile, Path notesFile, Path in, Path out) throws IOException {
        Results results = Results.read(resultsFile, notesFile);
        Map<String, Object> machine = readJson(in.resolve("machine.json"));
        if (machine == null) {
            machine = Machine.capture("unknown (no machine.json: this is the machine that made the report)",
                    "unknown");
        }
        Map<String, Object> stevens = readJson(in.resolve("stevens.json"));
        List<String> registered = ServerPatterns.all().stream().map(ServerPattern::name).toList();
        Report report = new Report(results, machine, stevens, registered);
        Files.createDirectories(out);
        String text = report.render(out);
        Path readme = out.resolve(README);
        Files.writeString(readme, text, StandardCharsets.UTF_8);
        System.out.println("Report written to " + readme);
        return readme;
    }

    private static Map<String, Object> readJson(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return Results.asMap(Json.parse(Files.readString(file, StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- the page

    String render(Path chartDir) throws IOException {
        header();
        headline(chartDir);
        pingPong();
        churn(chartDir);
        idle(chartDir);
        slow();
        bulk();
        unp();
        byPattern();
        return md.toString();
    }

    private void header() {
        line("# Benchmark results");
        line();
        line("Generated from a suite run by `dev.serverpatterns.benchmarks.report.Report`; do not edit by hand. "
                + "Every registered pattern is measured in every scenario, or has a cell that says why not.");
        line();
        line("| | |");
        line("|---|---|");
        row("Date", str(machine.get("date")));
        row("Profile", str(machine.get("profile")));
        row("Machine", str(machine.get("processors")) + " processors, " + str(machine.get("memory")) + " memory, "
                + str(machine.get("cpu")));
        row("Kernel", str(machine.get("kernel")));
        row("JDK", str(machine.get("jdk")) + " (the client and every Java server)");
        row("Open files limit", str(machine.get("openFilesLimit")) + " (client and server are separate processes)");
        row("Yardstick", str(machine.get("yardstick")) + "; " + str(machine.get("gcc")));
        row("Placement", str(machine.get("placement")));
        results.trials().stream().findFirst().ifPresent(t -> row("Iterations",
                "JMH, 1 fork per trial; measured iterations of " + fmtSeconds(t.iterationSeconds())
                        + " (see the profile)"));
        line();
        line("How to read: a figure is JMH's mean over the measured iterations, and ± is its 99.9% confidence "
                + "half-width. **vs yardstick** is the figure divided by the C yardstick's (one thread, "
                + "level-triggered epoll) in the same scenario of the same run: on a shared, noisy 2-core machine "
                + "that ratio is the number to compare. CPU is the share of one core used during the measured "
                + "iterations (server: its whole process tree; client: the benchmark JVM). "
                + "**cannot** means the design cannot serve that load, with the reason; **n/a** that the scenario "
                + "does not apply; **failed** that it broke while being measured.");
        line();
    }

    private void headline(Path chartDir) throws IOException {
        line("## Headline: ping-pong against the yardstick");
        line();
        line("Round trips per second of each pattern as a fraction of the yardstick's, at 1, 16 and 256 "
                + "connections (64-byte echo, one message in flight per connection). At 1 connection a round "
                + "trip is two wake-ups, and without pinning, whether the scheduler puts client and server on "
                + "the same core or on two changes its time several-fold: read the 1-connection column as "
                + "scheduling luck as much as design; 16 and 256 connections keep both sides busy and say more.");
        line();
        List<String> conns = values(PING_PONG, "connections", CONNECTIONS_DEFAULT);
        StringBuilder head = new StringBuilder("| pattern |");
        StringBuilder sep = new StringBuilder("|---|");
        for (String c : conns) {
            head.append(' ').append(c).append(c.equals("1") ? " connection |" : " connections |");
            sep.append("---:|");
        }
        line(head.toString());
        line(sep.toString());
        for (String p : patterns) {
            StringBuilder r = new StringBuilder("| ").append(p).append(" |");
            for (String c : conns) {
                Map<String, String> params = Map.of("pattern", p, "connections", c);
                Optional<Results.Trial> t = results.trial(PING_PONG, params);
                if (t.isPresent()) {
                    String ratio = ratio(PING_PONG, params, t.get().score());
                    r.append(' ').append(p.equals(YARDSTICK) ? "1.00×" : ratio).append(" (")
                            .append(fmt(t.get().score())).append("/s) |");
                } else {
                    r.append(' ').append(verdict(PING_PONG, params)).append(" |");
                }
            }
            line(r.toString());
        }
        line();
        clientCeiling(conns);
        XYChart chart = Charts.lines("Ping-pong: 64-byte echo round trips", "connections (log scale)",
                "round trips / s", lines(PING_PONG, "connections", conns, Results.Trial::score), true);
        if (!Charts.isEmpty(chart)) {
            Charts.save(chart, chartDir, "ping-pong");
            line("![Ping-pong round trips per second against connections](ping-pong.png) "
                    + "([SVG](ping-pong.svg))");
            line();
        }
    }

    private void clientCeiling(List<String> conns) {
        List<String> parts = new ArrayList<>();
        for (String c : conns) {
            results.trial(PING_PONG, Map.of("pattern", YARDSTICK, "connections", c)).ifPresent(t ->
                    parts.add(fmt(t.score()) + " round trips/s at " + c + " (client CPU " + cpu(t, "clientCpuUs")
                            + ", yardstick CPU " + cpu(t, "serverCpuUs") + ")"));
        }
        if (parts.isEmpty()) {
            line("**The client's ceiling** is unknown: the yardstick was not measured in this run.");
        } else {
            line("**The client's ceiling.** The benchmark client is one thread driving every connection "
                    + "through one selector. Against the yardstick it reached " + String.join("; ", parts)
                    + ". Read it as the most this client can measure: where the client's CPU is near 100%, the "
                    + "client, not the server, is the bottleneck (with the placement above, client and server "
                    + "also compete for the same cores).");
        }
        line();
    }

    private void pingPong() {
        line("## 1. Ping-pong");
        line();
        line("Closed-loop echo of 64-byte messages: each connection has one message in flight and sends the "
                + "next when the echo is back. Latency is one round trip, write to last byte read.");
        line();
        line("| pattern | connections | round trips/s | ± | vs yardstick | p50 µs | p99 µs | p99.9 µs "
                + "| server CPU | client CPU | note |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (String p : patterns) {
            boolean first = true;
            for (String c : values(PING_PONG, "connections", CONNECTIONS_DEFAULT)) {
                Map<String, String> params = Map.of("pattern", p, "connections", c);
                String name = first ? anchor("ping-pong", p) : p;
                first = false;
                resultRow(PING_PONG, params, List.of(name, c), 11, r -> List.of(fmt(r.score()), err(r),
                        ratio(PING_PONG, params, r.score()), us(r, "latencyP50Ns"), us(r, "latencyP99Ns"),
                        us(r, "latencyP999Ns"), cpu(r, "serverCpuUs"), cpu(r, "clientCpuUs")));
            }
        }
        line();
    }

    private void churn(Path chartDir) throws IOException {
        line("## 2. Churn");
        line();
        line("UNP ch. 30's client: connect, send `4000\\n` (byte-count protocol), read 4,000 bytes, close; "
                + "5 connections at a time. Server CPU per 1,000 connections is its CPU time during the measured "
                + "iterations over the connections they completed. The yardstick speaks echo only, so there is "
                + "no ratio: compare the patterns with each other and with UNP ch. 30 below.");
        line();
        line("| pattern | connections/s | ± | server CPU ms per 1,000 connections | p50 connection µs "
                + "| server CPU | client CPU | note |");
        line("|---|---:|---:|---:|---:|---:|---:|---|");
        Map<String, Double> bars = new LinkedHashMap<>();
        for (String p : patterns) {
            Map<String, String> params = Map.of("pattern", p);
            String name = anchor("churn", p);
            results.trial(CHURN, params).ifPresent(r -> bars.put(p, r.score()));
            resultRow(CHURN, params, List.of(name), 8, r -> List.of(fmt(r.score()), err(r),
                    fmt(r.secondaryPerOperation("serverCpuUs")), us(r, "latencyP50Ns"), cpu(r, "serverCpuUs"),
                    cpu(r, "clientCpuUs")));
        }
        line();
        if (!bars.isEmpty()) {
            CategoryChart chart = Charts.bars("Churn: connections per second (4,000 bytes each)", "connections / s",
                    bars);
            Charts.save(chart, chartDir, "churn");
            line("![Churn: connections per second by pattern](churn.png) ([SVG](churn.svg))");
            line();
        }
    }

    private void idle(Path chartDir) throws IOException {
        line("## 3. Idle + active (C10K)");
        line();
        line("K idle connections are held open (each echoed one byte, then went silent) while 16 connections "
                + "ping-pong 64-byte messages. RSS per idle connection is the server's RSS growth while the idle "
                + "connections were opened, divided by K.");
        line();
        List<String> idles = values(IDLE, "idle", IDLE_DEFAULT);
        line("| pattern | idle | round trips/s | ± | vs yardstick | RSS per idle connection | server RSS "
                + "| p99 µs | note |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (String p : patterns) {
            boolean first = true;
            for (String k : idles) {
                Map<String, String> params = Map.of("pattern", p, "idle", k);
                String name = first ? anchor("c10k", p) : p;
                first = false;
                resultRow(IDLE, params, List.of(name, fmtInt(k)), 9, r -> List.of(fmt(r.score()), err(r),
                        ratio(IDLE, params, r.score()),
                        k.equals("0") ? "" : fmt(r.secondaryMean("rssPerIdleConnectionBytes") / 1024) + " KiB",
                        mib(r.secondaryMean("serverRssKiB")), us(r, "latencyP99Ns")));
            }
        }
        line();
        XYChart chart = Charts.lines("C10K: 16 active connections beside K idle ones", "idle connections",
                "round trips / s", lines(IDLE, "idle", idles, Results.Trial::score), false);
        if (!Charts.isEmpty(chart)) {
            Charts.save(chart, chartDir, "c10k");
            line("![Round trips per second against idle connections](c10k.png) ([SVG](c10k.svg))");
            line();
        }
    }

    private void slow() {
        line("## 4. Slow handler");
        line();
        double ideal = SLOW_CONNECTIONS * 1000 / SLOW_WORK_MS;
        line("Ping-pong of 64-byte messages on " + SLOW_CONNECTIONS + " connections against a server started with "
                + "`--work 1ms`: every message costs its handler 1 ms of blocking work. If every connection's work "
                + "overlaps, the ceiling is " + fmt(ideal) + " round trips/s; a design that serves many "
                + "connections on one thread stalls them all. The yardstick has no simulated work: n/a.");
        line();
        line("| pattern | round trips/s | ± | of the " + fmt(ideal) + "/s ceiling | p99 µs | server CPU | note |");
        line("|---|---:|---:|---:|---:|---:|---|");
        for (String p : patterns) {
            Map<String, String> params = Map.of("pattern", p);
            String name = anchor("slow-handler", p);
            resultRow(SLOW, params, List.of(name), 7, r -> List.of(fmt(r.score()), err(r),
                    String.format(Locale.ROOT, "%.0f%%", 100 * r.score() / ideal), us(r, "latencyP99Ns"),
                    cpu(r, "serverCpuUs")));
        }
        line();
    }

    private void bulk() {
        line("## 5. Bulk");
        line();
        line("One connection streams 64 KiB messages through the echo server, 4 in flight, reading the echo as "
                + "it comes. MiB/s counts the bytes echoed back (each also went out).");
        line();
        line("| pattern | MiB/s | ± | vs yardstick | server CPU | client CPU | note |");
        line("|---|---:|---:|---:|---:|---:|---|");
        for (String p : patterns) {
            Map<String, String> params = Map.of("pattern", p);
            String name = anchor("bulk", p);
            resultRow(BULK, params, List.of(name), 7, r -> List.of(fmt(r.score() * BULK_MESSAGE_MIB),
                    Double.isNaN(r.error()) ? "n/a" : "± " + fmt(r.error() * BULK_MESSAGE_MIB),
                    ratio(BULK, params, r.score()), cpu(r, "serverCpuUs"), cpu(r, "clientCpuUs")));
        }
        line();
    }

    // ---------------------------------------------------------------- UNP ch. 30

    private void unp() {
        line("## UNP ch. 30 reproduction");
        line();
        if (stevens == null) {
            line("Not measured in this run (no `stevens.json`).");
            line();
            return;
        }
        int children = intOf(stevens.get("children"));
        int perChild = intOf(stevens.get("connectionsPerChild"));
        line("### Figure 30.1: server CPU time");
        line();
        line("Stevens' workload: a client with " + children + " children, each making " + fmtInt(perChild)
                + " connections that ask for " + fmtInt(intOf(stevens.get("bytes"))) + " bytes ("
                + fmtInt(children * perChild) + " connections), and the server's CPU time (user + system) for "
                + "them, minus the iterative server's. Here the children are " + children + " concurrent "
                + "connection streams of one client thread; a first round of the same size warms the JVM up "
                + "unmeasured; the median of " + intOf(stevens.get("repeats")) + " measured round(s) is kept; the "
                + "fixed pools run " + intOf(stevens.get("workers")) + " workers, as Stevens' ran 15. His column "
                + "is UNP 3rd ed., Figure 30.1 (a 1990s Unix machine): compare the order, not the seconds.");
        line();
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Object o : (List<?>) stevens.get("patterns")) {
            Map<String, Object> r = Results.asMap(o);
            rows.put((String) r.get("pattern"), r);
        }
        Double baseline = Optional.ofNullable(rows.get("iterative")).map(r -> (Double) r.get("medianCpuSeconds"))
                .orElse(null);
        line("| Stevens' server | Stevens: CPU s minus iterative | pattern here | CPU s here | minus iterative "
                + "| note |");
        line("|---|---:|---|---:|---:|---|");
        Set<String> shown = new TreeSet<>();
        for (StevensRow s : STEVENS) {
            String ours = s.ourNames().stream().filter(rows::containsKey).findFirst().orElse(null);
            String published = String.format(Locale.ROOT, "%.2f", s.published());
            if (ours == null) {
                line("| " + s.server() + " | " + published + " | — | | | not implemented here yet |");
                continue;
            }
            shown.add(ours);
            line("| " + s.server() + " | " + published + " | " + unpCells(ours, rows.get(ours), baseline));
        }
        for (Map.Entry<String, Map<String, Object>> e : rows.entrySet()) {
            if (!shown.contains(e.getKey())) {
                line("| (not in Stevens' table) | | " + unpCells(e.getKey(), e.getValue(), baseline));
            }
        }
        line();
        figure302(rows);
    }

    private static String unpCells(String pattern, Map<String, Object> row, Double baseline) {
        if (row.containsKey("verdict")) {
            return pattern + " | " + row.get("verdict") + " | | " + row.get("reason") + " |";
        }
        double cpu = (Double) row.get("medianCpuSeconds");
        String minus = baseline == null ? "" : String.format(Locale.ROOT, "%.2f", cpu - baseline);
        return pattern + " | " + String.format(Locale.ROOT, "%.2f", cpu) + " | " + minus + " | rounds: "
                + row.get("cpuSeconds") + " |";
    }

    private void figure302(Map<String, Map<String, Object>> rows) {
        line("### Figure 30.2: connections handled per worker");
        line();
        List<String> pools = new ArrayList<>();
        Map<String, List<Double>> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : rows.entrySet()) {
            Object per = e.getValue().get("connectionsPerWorker");
            if (per instanceof List<?> list && list.size() > 1) {
                pools.add(e.getKey());
                counts.put(e.getKey(), list.stream().map(v -> ((Number) v).doubleValue()).toList());
            }
        }
        if (pools.isEmpty()) {
            line("No pattern with more than one worker was measured.");
            line();
            return;
        }
        line("From each server's shutdown table (`worker N: M connections`), over all the connections of its "
                + "run (the warm-up round included). Stevens' point: how evenly the kernel, or the lock, hands "
                + "connections to the workers blocked in accept.");
        line();
        StringBuilder head = new StringBuilder("| worker |");
        StringBuilder sep = new StringBuilder("|---:|");
        for (String p : pools) {
            head.append(' ').append(p).append(" |");
            sep.append("---:|");
        }
        line(head.toString());
        line(sep.toString());
        int workers = counts.values().stream().mapToInt(List::size).max().orElse(0);
        for (int w = 0; w < workers; w++) {
            StringBuilder r = new StringBuilder("| " + w + " |");
            for (String p : pools) {
                List<Double> c = counts.get(p);
                r.append(' ').append(w < c.size() ? fmtInt(Long.toString(c.get(w).longValue())) : "").append(" |");
            }
            line(r.toString());
        }
        line();
    }

    // ---------------------------------------------------------------- per pattern links

    private void byPattern() {
        line("## By pattern");
        line();
        line("Each pattern's rows, for the pattern pages to link to (`README.md#ping-pong-NAME` and so on).");
        line();
        line("| pattern | ping-pong | churn | C10K | slow handler | bulk |");
        line("|---|---|---|---|---|---|");
        for (String p : patterns) {
            line("| <a id=\"pattern-" + p + "\"></a>" + p + " | [rows](#ping-pong-" + p + ") | [row](#churn-" + p
                    + ") | [rows](#c10k-" + p + ") | [row](#slow-handler-" + p + ") | [row](#bulk-" + p + ") |");
        }
        line();
    }

    // ---------------------------------------------------------------- helpers

    /** The parameter's values seen in this run (results or notes), else the suite's defaults. */
    private List<String> values(String scenario, String param, List<String> defaults) {
        Set<String> seen = new TreeSet<>((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        results.trials().stream().filter(t -> t.scenario().equals(scenario)).map(t -> t.param(param))
                .filter(v -> v != null).forEach(seen::add);
        results.notes().stream().filter(n -> n.scenario().equals(scenario)).map(n -> n.params().get(param))
                .filter(v -> v != null).forEach(seen::add);
        return seen.isEmpty() ? defaults : List.copyOf(seen);
    }

    private List<Charts.Line> lines(String scenario, String param, List<String> xs,
                                    Function<Results.Trial, Double> y) {
        List<Charts.Line> lines = new ArrayList<>();
        List<String> others = patterns.stream().filter(p -> !p.equals(YARDSTICK)).toList();
        for (String p : patterns) {
            List<Double> x = new ArrayList<>();
            List<Double> v = new ArrayList<>();
            for (String value : xs) {
                results.trial(scenario, Map.of("pattern", p, param, value)).ifPresent(t -> {
                    x.add(Double.parseDouble(value));
                    v.add(y.apply(t));
                });
            }
            lines.add(new Charts.Line(p, x, v, Charts.colour(others.indexOf(p))));
        }
        return lines;
    }

    private String ratio(String scenario, Map<String, String> params, double score) {
        Map<String, String> yard = new LinkedHashMap<>(params);
        yard.put("pattern", YARDSTICK);
        return results.trial(scenario, yard).map(y -> String.format(Locale.ROOT, "%.2f×", score / y.score()))
                .orElse("—");
    }

    /**
     * One row of a scenario's table, {@code columns} wide: the {@code lead} cells (pattern and
     * parameters), then the trial's {@code measured} cells and an empty note; or, where the trial has
     * no result, its verdict, empty cells, and the reason in the note column.
     */
    private void resultRow(String scenario, Map<String, String> params, List<String> lead, int columns,
                           Function<Results.Trial, List<String>> measured) {
        List<String> cells = new ArrayList<>(lead);
        Optional<Results.Trial> trial = results.trial(scenario, params);
        if (trial.isPresent()) {
            cells.addAll(measured.apply(trial.get()));
            cells.add("");
        } else {
            cells.add(verdict(scenario, params));
            while (cells.size() < columns - 1) {
                cells.add("");
            }
            cells.add(reason(scenario, params));
        }
        if (cells.size() != columns) {
            throw new IllegalStateException(scenario + ": a row of " + cells.size() + " cells in a table of " + columns);
        }
        StringBuilder row = new StringBuilder("|");
        cells.forEach(cell -> row.append(cell.isEmpty() ? " |" : " " + cell + " |"));
        line(row.toString());
    }

    private String verdict(String scenario, Map<String, String> params) {
        return results.note(scenario, params).map(n -> "**" + n.verdict() + "**").orElse("**no result**");
    }

    private String reason(String scenario, Map<String, String> params) {
        return results.note(scenario, params).map(n -> escape(n.reason()))
                .orElse("not run, or failed without a note: see the JMH log");
    }

    private static String anchor(String scenario, String pattern) {
        return "<a id=\"" + scenario + "-" + pattern + "\"></a>" + pattern;
    }

    private static String err(Results.Trial r) {
        if (Double.isNaN(r.error())) {
            return "n/a";
        }
        return "± " + fmt(r.error()) + String.format(Locale.ROOT, " (%.0f%%)", 100 * r.error() / r.score());
    }

    private static String mib(double kib) {
        return Double.isNaN(kib) ? "" : fmt(kib / 1024) + " MiB";
    }

    private static String us(Results.Trial r, String secondaryNs) {
        double ns = r.secondaryMean(secondaryNs);
        return Double.isNaN(ns) || ns == 0 ? "" : fmt(ns / 1000);
    }

    /** A secondary CPU figure (µs per iteration) as the share of one core. */
    private static String cpu(Results.Trial r, String secondaryUs) {
        double us = r.secondaryMean(secondaryUs);
        if (Double.isNaN(us) || Double.isNaN(r.iterationSeconds())) {
            return "";
        }
        return String.format(Locale.ROOT, "%.0f%%", 100 * us / (r.iterationSeconds() * 1e6));
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmtInt(String v) {
        return String.format(Locale.ROOT, "%,d", Long.parseLong(v));
    }

    private static String fmtInt(int v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String fmtSeconds(double s) {
        return Double.isNaN(s) ? "?" : (s == Math.rint(s) ? (long) s + " s" : s + " s");
    }

    private static int intOf(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static String str(Object o) {
        if (o instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return o == null ? "unknown" : escape(o.toString());
    }

    /** Keeps a reason inside its table cell. */
    static String escape(String text) {
        return text.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }

    private void row(String key, String value) {
        line("| " + key + " | " + value + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private void line() {
        md.append('\n');
    }
}
