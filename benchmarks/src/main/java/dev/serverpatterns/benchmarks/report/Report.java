package dev.serverpatterns.benchmarks.report;

import static dev.serverpatterns.benchmarks.report.Figures.coreShare;
import static dev.serverpatterns.benchmarks.report.Figures.cpuPerOperationCell;
import static dev.serverpatterns.benchmarks.report.Figures.error;
import static dev.serverpatterns.benchmarks.report.Figures.escape;
import static dev.serverpatterns.benchmarks.report.Figures.fmt;
import static dev.serverpatterns.benchmarks.report.Figures.fmtInt;
import static dev.serverpatterns.benchmarks.report.Figures.micros;
import static dev.serverpatterns.benchmarks.report.Figures.throughput;

import dev.serverpatterns.benchmarks.jmh.Scenario;
import dev.serverpatterns.benchmarks.jmh.Yardstick;
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
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

/**
 * Turns a suite run's files (JMH's JSON, the notes, {@code machine.json}, {@code stevens.json},
 * {@code wrk.json}) into {@code README.md} and charts: one table per {@link Scenario}, every pattern
 * against the C yardstick in throughput and in server CPU per operation, a "cannot"/"n/a"/"failed"
 * cell with the reason wherever a trial did not run, UNP ch. 30's Figures 30.1 and 30.2, and the
 * HTTP run beside nginx ({@link HttpRun}). Then, where the
 * report sits in a docs folder (beside {@code patterns/}), it rewrites the generated sections of the
 * pattern pages and of the docs' README ({@link PatternPages}).
 *
 * <p>The report knows no pattern by name: it lists the registered ones and those in the results,
 * and finds Stevens' row of a pattern through the UNP server the pattern declares.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp benchmarks.jar dev.serverpatterns.benchmarks.report.Report \
 *      [--in target/bench] [--results FILE] [--notes FILE] [--out docs/results]
 * </pre>
 */
public final class Report {

    public static final String YARDSTICK = Yardstick.NAME;
    public static final String README = "README.md";

    private final Figures figures;
    private final Results results;
    private final Map<String, Object> machine;
    private final Map<String, Object> stevens;
    private final Map<String, Object> wrk;
    private final List<PatternInfo> registered;
    private final List<String> patterns;
    private final StringBuilder md = new StringBuilder();

    Report(Results results, Map<String, Object> machine, Map<String, Object> stevens, Map<String, Object> wrk,
           List<PatternInfo> registered) {
        this.results = results;
        this.wrk = wrk;
        this.figures = new Figures(results);
        this.machine = machine;
        this.stevens = stevens;
        this.registered = List.copyOf(registered);
        Set<String> names = new LinkedHashSet<>();
        names.add(YARDSTICK);
        registered.forEach(p -> names.add(p.name()));
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
                notes != null ? notes : in.resolve("jmh-notes.jsonl"), in, out, PatternInfo.registered());
    }

    /** Reads a suite's output directory and writes the report into {@code out}. */
    public static Path generate(Path in, Path out) throws IOException {
        return generate(in.resolve("jmh-result.json"), in.resolve("jmh-notes.jsonl"), in, out,
                PatternInfo.registered());
    }

    static Path generate(Path resultsFile, Path notesFile, Path in, Path out, List<PatternInfo> registered)
            throws IOException {
        Results results = Results.read(resultsFile, notesFile);
        Map<String, Object> machine = readJson(in.resolve("machine.json"));
        if (machine == null) {
            machine = Machine.capture("unknown (no machine.json: this is the machine that made the report)",
                    "unknown");
        }
        Map<String, Object> stevens = readJson(in.resolve("stevens.json"));
        Map<String, Object> wrk = readJson(in.resolve("wrk.json"));
        Report report = new Report(results, machine, stevens, wrk, registered);
        Files.createDirectories(out);
        String text = report.render(out);
        Path readme = out.resolve(README);
        Files.writeString(readme, text, StandardCharsets.UTF_8);
        System.out.println("Report written to " + readme);
        Path docs = out.toAbsolutePath().getParent();
        if (docs != null && Files.isDirectory(docs.resolve(PatternPages.PATTERNS_DIR))) {
            PatternPages pages = new PatternPages(report.figures, machine, stevens, wrk, registered,
                    out.getFileName().toString());
            for (String problem : pages.update(docs)) {
                System.err.println("WARNING: " + problem);
            }
        }
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
        int number = 1;
        for (Scenario scenario : Scenario.values()) {
            scenario(number++, scenario, chartDir);
        }
        unp();
        http();
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
        if (machine.get("updates") instanceof List<?> updates && !updates.isEmpty()) {
            StringBuilder text = new StringBuilder("these rows were measured later, each run with the yardstick again "
                    + "(so the ratios of every row are to the yardstick's latest measurement): ");
            for (Object u : updates) {
                if (u instanceof Map<?, ?> update) {
                    text.append(str(update.get("date"))).append(": ").append(update.get("patterns") instanceof List<?> l
                            ? String.join(", ", l.stream().map(String::valueOf).toList()) : "").append("; ");
                }
            }
            row("Updated", text.substring(0, text.length() - 2));
        }
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
                + "half-width. **Server µs per operation** is the CPU time (user + system) of the server's whole "
                + "process tree during the measured iterations, divided by the operations they completed: what the "
                + "design costs per round trip, connection or message, whichever side was the bottleneck. **vs "
                + "yardstick** divides a figure by the C yardstick's (one thread, level-triggered epoll) in the same "
                + "scenario of the same run: on a shared, noisy 2-core machine the ratios are the numbers to "
                + "compare. CPU is the share of one core used during the measured iterations (server: its process "
                + "tree; client: the benchmark JVM). **cannot** means the design cannot serve that load, with the "
                + "reason; **n/a** that the scenario does not apply; **failed** that it broke while being measured; "
                + NO_FIGURE_NOTE);
        line();
    }

    private static final String NO_FIGURE_NOTE = Figures.NO_FIGURE + " that the run did not record the figure.";

    private void headline(Path chartDir) throws IOException {
        Scenario pingPong = Scenario.PING_PONG;
        line("## Headline: ping-pong against the yardstick");
        line();
        line("Round trips per second of each pattern, and the server's CPU time per round trip, each with its ratio "
                + "to the yardstick's, at every connection count (" + Scenario.MESSAGE_BYTES + "-byte echo, one "
                + "message in flight per connection). Read the CPU figure first: against the yardstick the one-thread "
                + "client is near a full core from 16 connections on, so the yardstick's round trips/s is the "
                + "client's ceiling and every throughput ratio is squeezed towards 1, while CPU per round trip "
                + "says what the design itself spends. At 1 connection a round trip is two wake-ups, and without "
                + "pinning, whether the scheduler puts client and server on the same core or on two changes its "
                + "time several-fold: read that column as scheduling luck as much as design.");
        line();
        line(figures.headlineTable(pingPong, patterns, ""));
        clientCeiling();
        List<String> values = figures.values(pingPong);
        lineChart(chartDir, "ping-pong", "Ping-pong: 64-byte echo round trips", "round trips / s",
                "Ping-pong round trips per second against connections", pingPong, values, Results.Trial::score);
        lineChart(chartDir, "ping-pong-cpu", "Ping-pong: server CPU per round trip", "server µs per round trip",
                "Server CPU per round trip against connections", pingPong, values, Figures::cpuPerOperation);
    }

    private void clientCeiling() {
        List<String> parts = new ArrayList<>();
        for (String c : figures.values(Scenario.PING_PONG)) {
            figures.trial(Scenario.PING_PONG, YARDSTICK, c).ifPresent(t -> parts.add(fmt(t.score())
                    + " round trips/s at " + c + " (client CPU " + coreShare(t, "clientCpuUs") + ", yardstick CPU "
                    + coreShare(t, "serverCpuUs") + ")"));
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

    // ---------------------------------------------------------------- one section per scenario

    /** A column that only some scenarios have, after the common ones. */
    private record Extra(String heading, Function<Results.Trial, String> cell) {
    }

    private List<Extra> extras(Scenario scenario) {
        Extra serverCpu = new Extra("server CPU", t -> coreShare(t, "serverCpuUs"));
        Extra clientCpu = new Extra("client CPU", t -> coreShare(t, "clientCpuUs"));
        Extra p99 = new Extra("p99 µs", t -> micros(t, "latencyP99Ns"));
        return switch (scenario) {
            case PING_PONG -> List.of(new Extra("p50 µs", t -> micros(t, "latencyP50Ns")), p99,
                    new Extra("p99.9 µs", t -> micros(t, "latencyP999Ns")), serverCpu, clientCpu);
            case CHURN -> List.of(new Extra("p50 connection µs", t -> micros(t, "latencyP50Ns")), serverCpu,
                    clientCpu);
            case IDLE_ACTIVE -> List.of(new Extra("RSS per idle connection", Report::rssPerIdleConnection),
                    new Extra("server RSS", t -> mib(t.secondaryMean("serverRssKiB"))), p99);
            case SLOW_HANDLER -> List.of(new Extra("of the " + fmt(Scenario.slowHandlerCeiling()) + "/s ceiling",
                    Figures::ceilingShare),
                    p99, serverCpu);
            case BULK -> List.of(serverCpu, clientCpu);
        };
    }

    static String rssPerIdleConnection(Results.Trial t) {
        double bytes = t.secondaryMean("rssPerIdleConnectionBytes");
        return Double.isNaN(bytes) || bytes == 0 ? "" : fmt(bytes / 1024) + " KiB";
    }

    private void scenario(int number, Scenario scenario, Path chartDir) throws IOException {
        line("## " + number + ". " + scenario.title());
        line();
        line(scenario.describe());
        line();
        boolean ratios = scenario.yardstickApplies();
        List<String> head = new ArrayList<>(List.of("pattern"));
        scenario.parameter().ifPresent(head::add);
        head.addAll(List.of(scenario.throughputUnit(), "±"));
        if (ratios) {
            head.add("vs yardstick");
        }
        head.add("server µs per " + scenario.operation());
        if (ratios) {
            head.add("vs yardstick");
        }
        List<Extra> extras = extras(scenario);
        extras.forEach(e -> head.add(e.heading()));
        head.add("note");
        line("| " + String.join(" | ", head) + " |");
        StringBuilder sep = new StringBuilder("|---|");
        for (int i = 1; i < head.size() - 1; i++) {
            sep.append("---:|");
        }
        line(sep.append("---|").toString());
        for (String p : patterns) {
            boolean first = true;
            for (String v : figures.values(scenario)) {
                List<String> lead = new ArrayList<>();
                lead.add(first ? anchor(scenario.id(), p) : p);
                first = false;
                if (v != null) {
                    lead.add(fmtInt(Long.parseLong(v)));
                }
                resultRow(scenario, Figures.params(scenario, p, v), lead, head.size(), t -> {
                    List<String> cells = new ArrayList<>(List.of(throughput(scenario, t), error(scenario, t)));
                    if (ratios) {
                        cells.add(figures.ratio(scenario, t, Results.Trial::score));
                    }
                    cells.add(cpuPerOperationCell(t));
                    if (ratios) {
                        cells.add(figures.ratio(scenario, t, Figures::cpuPerOperation));
                    }
                    extras.forEach(e -> cells.add(e.cell().apply(t)));
                    return cells;
                });
            }
        }
        line();
        switch (scenario) {
            case CHURN -> churnChart(chartDir);
            case IDLE_ACTIVE -> lineChart(chartDir, "c10k", "C10K: " + Scenario.ACTIVE_CONNECTIONS
                    + " active connections beside K idle ones",
                    "round trips / s", "Round trips per second against idle connections", scenario,
                    figures.values(scenario), Results.Trial::score);
            default -> { }
        }
    }

    private void churnChart(Path chartDir) throws IOException {
        Map<String, Double> bars = new LinkedHashMap<>();
        for (String p : patterns) {
            figures.trial(Scenario.CHURN, p, null).ifPresent(r -> bars.put(p, r.score()));
        }
        if (!bars.isEmpty()) {
            CategoryChart chart = Charts.bars("Churn: connections per second (" + fmtInt(Scenario.CHURN_REPLY_BYTES)
                    + " bytes each)", "connections / s", bars);
            Charts.save(chart, chartDir, "churn");
            line("![Churn: connections per second by pattern](churn.png) ([SVG](churn.svg))");
            line();
        }
    }

    private void lineChart(Path chartDir, String name, String title, String yTitle, String alt, Scenario scenario,
                           List<String> xs, ToDoubleFunction<Results.Trial> y) throws IOException {
        // connections span 1 to 256: a log scale; idle connections grow by thousands: linear
        boolean logX = scenario == Scenario.PING_PONG;
        String xTitle = logX ? "connections (log scale)" : scenario.parameter().orElseThrow() + " connections";
        XYChart chart = Charts.lines(title, xTitle, yTitle, lines(scenario, xs, y), logX);
        if (!Charts.isEmpty(chart)) {
            Charts.save(chart, chartDir, name);
            line("![" + alt + "](" + name + ".png) ([SVG](" + name + ".svg))");
            line();
        }
    }

    private List<Charts.Line> lines(Scenario scenario, List<String> xs, ToDoubleFunction<Results.Trial> y) {
        List<Charts.Line> lines = new ArrayList<>();
        List<String> others = patterns.stream().filter(p -> !p.equals(YARDSTICK)).toList();
        for (String p : patterns) {
            List<Double> x = new ArrayList<>();
            List<Double> v = new ArrayList<>();
            for (String value : xs) {
                figures.trial(scenario, p, value).ifPresent(t -> {
                    double figure = y.applyAsDouble(t);
                    if (!Double.isNaN(figure)) {
                        x.add(Double.parseDouble(value));
                        v.add(figure);
                    }
                });
            }
            lines.add(new Charts.Line(p, x, v, Charts.colour(others.indexOf(p))));
        }
        return lines;
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
        Unp unp = new Unp(stevens, registered);
        int children = intOf(stevens.get("children"));
        int perChild = intOf(stevens.get("connectionsPerChild"));
        line("### Figure 30.1: server CPU time");
        line();
        line("Stevens' workload: a client with " + children + " children, each making " + fmtInt(perChild)
                + " connections that ask for " + fmtInt(intOf(stevens.get("bytes"))) + " bytes ("
                + fmtInt((long) children * perChild) + " connections), and the server's CPU time (user + system) "
                + "for them, minus the baseline's (`" + UnpFigure301.BASELINE.server() + "`, the pattern that "
                + "declares it). Here the children are " + children + " concurrent connection streams of one client "
                + "thread; a first round of the same size warms the JVM up unmeasured; the median of "
                + intOf(stevens.get("repeats")) + " measured round(s) is kept; the fixed pools run "
                + intOf(stevens.get("workers")) + " workers, as Stevens' ran 15. His column is UNP 3rd ed., Figure "
                + "30.1 (a 1990s Unix machine): compare the order, not the seconds.");
        line();
        line("| Stevens' server | Stevens: CPU s minus baseline | pattern here | CPU s here | minus baseline | note |");
        line("|---|---:|---|---:|---:|---|");
        Set<String> shown = new TreeSet<>();
        for (UnpFigure301 server : UnpFigure301.values()) {
            String published = String.format(Locale.ROOT, "%.2f", server.cpuSecondsBeyondBaseline());
            String stevensCells = "| `" + server.server() + "` " + server.design() + " | " + published + " | ";
            List<String> ours = unp.measuredPatternsOf(server);
            if (ours.isEmpty()) {
                line(stevensCells + "— | | | not implemented here yet |");
            }
            for (String p : ours) {
                shown.add(p);
                line(stevensCells + unpCells(p, unp));
            }
        }
        for (String p : unp.rows().keySet()) {
            if (!shown.contains(p)) {
                line("| (not in Stevens' table) | | " + unpCells(p, unp));
            }
        }
        line();
        figure302(unp.rows());
    }

    private static String unpCells(String pattern, Unp unp) {
        Map<String, Object> row = unp.rows().get(pattern);
        if (row.containsKey("verdict")) {
            return pattern + " | " + row.get("verdict") + " | | " + escape(String.valueOf(row.get("reason"))) + " |";
        }
        double beyond = unp.beyondBaseline(pattern);
        String note = row.get("measuredConnections") instanceof Number measured
                ? "measured over " + fmtInt(measured.longValue()) + " connections (" + row.get("measuredCpuSeconds")
                        + " s), scaled to the workload: a process per connection is too slow for all of it"
                : "rounds: " + row.get("cpuSeconds");
        return pattern + " | " + String.format(Locale.ROOT, "%.2f", unp.cpuSeconds(pattern)) + " | "
                + (Double.isNaN(beyond) ? "" : String.format(Locale.ROOT, "%.2f", beyond)) + " | " + note + " |";
    }

    private void figure302(Map<String, Map<String, Object>> rows) {
        line("### Figure 30.2: connections handled per worker");
        line();
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        rows.forEach((pattern, row) -> {
            List<Long> perWorker = Unp.connectionsPerWorker(row);
            if (perWorker.size() > 1) {
                counts.put(pattern, perWorker);
            }
        });
        if (counts.isEmpty()) {
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
        for (String p : counts.keySet()) {
            head.append(' ').append(p).append(" |");
            sep.append("---:|");
        }
        line(head.toString());
        line(sep.toString());
        int workers = counts.values().stream().mapToInt(List::size).max().orElse(0);
        for (int w = 0; w < workers; w++) {
            StringBuilder r = new StringBuilder("| " + w + " |");
            for (List<Long> c : counts.values()) {
                r.append(' ').append(w < c.size() ? fmtInt(c.get(w)) : "").append(" |");
            }
            line(r.toString());
        }
        line();
    }

    // ---------------------------------------------------------------- HTTP with wrk, beside nginx

    private void http() {
        line("## HTTP/1.1: wrk against every pattern, beside nginx");
        line();
        md.append(new HttpRun(wrk, registered.stream().map(PatternInfo::name).toList()).render());
    }

    // ---------------------------------------------------------------- per pattern links

    private void byPattern() {
        line("## By pattern");
        line();
        line("Each pattern's rows, for the pattern pages to link to (`README.md#ping-pong-NAME` and so on).");
        line();
        StringBuilder head = new StringBuilder("| pattern |");
        StringBuilder sep = new StringBuilder("|---|");
        for (Scenario s : Scenario.values()) {
            head.append(' ').append(s.id()).append(" |");
            sep.append("---|");
        }
        line(head.toString());
        line(sep.toString());
        for (String p : patterns) {
            StringBuilder r = new StringBuilder("| <a id=\"pattern-" + p + "\"></a>" + p + " |");
            for (Scenario s : Scenario.values()) {
                r.append(" [").append(s.parameter().isPresent() ? "rows" : "row").append("](#").append(s.id())
                        .append('-').append(p).append(") |");
            }
            line(r.toString());
        }
        line();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * One row of a scenario's table, {@code columns} wide: the {@code lead} cells (pattern and
     * parameters), then the trial's {@code measured} cells and an empty note; or, where the trial has
     * no result, its verdict, empty cells, and the reason in the note column.
     */
    private void resultRow(Scenario scenario, Map<String, String> params, List<String> lead, int columns,
                           Function<Results.Trial, List<String>> measured) {
        List<String> cells = new ArrayList<>(lead);
        Optional<Results.Trial> trial = results.trial(scenario.benchmarkName(), params);
        if (trial.isPresent()) {
            cells.addAll(measured.apply(trial.get()));
            cells.add("");
        } else {
            cells.add(figures.verdict(scenario, params));
            while (cells.size() < columns - 1) {
                cells.add("");
            }
            cells.add(figures.reason(scenario, params));
        }
        if (cells.size() != columns) {
            throw new IllegalStateException(scenario + ": a row of " + cells.size() + " cells in a table of "
                    + columns);
        }
        StringBuilder row = new StringBuilder("|");
        cells.forEach(cell -> row.append(cell.isEmpty() ? " |" : " " + cell + " |"));
        line(row.toString());
    }

    private static String anchor(String scenario, String pattern) {
        return "<a id=\"" + scenario + "-" + pattern + "\"></a>" + pattern;
    }

    private static String mib(double kib) {
        return Double.isNaN(kib) ? "" : fmt(kib / 1024) + " MiB";
    }

    private static String fmtSeconds(double s) {
        return Double.isNaN(s) ? "?" : (s == Math.rint(s) ? (long) s + " s" : s + " s");
    }

    static int intOf(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    static String str(Object o) {
        if (o instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return o == null ? "unknown" : escape(o.toString());
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
