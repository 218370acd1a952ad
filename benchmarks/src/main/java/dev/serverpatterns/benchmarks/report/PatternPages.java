package dev.serverpatterns.benchmarks.report;

import static dev.serverpatterns.benchmarks.report.Figures.cpuPerOperationCell;
import static dev.serverpatterns.benchmarks.report.Figures.fmt;
import static dev.serverpatterns.benchmarks.report.Figures.fmtInt;
import static dev.serverpatterns.benchmarks.report.Report.intOf;
import static dev.serverpatterns.benchmarks.report.Report.str;

import dev.serverpatterns.benchmarks.jmh.Scenario;
import dev.serverpatterns.benchmarks.jmh.BareNetty;
import dev.serverpatterns.benchmarks.jmh.Yardstick;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The generated sections of the docs pages, written from the same run as the results page, so
 * that no measured number in the docs is pasted: in each {@code patterns/NAME.md}, the section
 * {@value #MEASURED} (under the page's "Measured" heading); in the docs' {@code README.md}, the
 * section {@value #HEADLINE} (ping-pong, every pattern against the yardstick).
 */
final class PatternPages {

    static final String PATTERNS_DIR = "patterns";
    static final String MEASURED = "measured";
    static final String HEADLINE = "headline";

    private final Figures figures;
    private final Map<String, Object> machine;
    private final Map<String, Object> stevens;
    private final Map<String, Object> wrk;
    private final List<PatternInfo> registered;
    private final String resultsDir;

    PatternPages(Figures figures, Map<String, Object> machine, Map<String, Object> stevens, Map<String, Object> wrk,
                 List<PatternInfo> registered, String resultsDir) {
        this.wrk = wrk;
        this.figures = figures;
        this.machine = machine;
        this.stevens = stevens;
        this.registered = registered;
        this.resultsDir = resultsDir;
    }

    /**
     * Rewrites the generated sections under {@code docs}: the README's, and the page of every
     * registered pattern that has one. Returns what it could not do (a page without its markers).
     */
    List<String> update(Path docs) throws IOException {
        List<String> problems = new ArrayList<>();
        String fromAPage = "../" + resultsDir + "/" + Report.README;
        for (Map.Entry<Path, String> page : sections(docs, registered).entrySet()) {
            String pattern = page.getKey().getFileName().toString().replaceFirst("\\.md$", "");
            String content = switch (page.getValue()) {
                case HEADLINE -> headline(resultsDir + "/" + Report.README);
                case WhichPatternWhen.SECTION -> source(resultsDir + "/" + Report.README) + ".\n\n"
                        + new WhichPatternWhen(figures, registered.stream().map(PatternInfo::name).toList())
                                .table(resultsDir + "/" + Report.README);
                case HttpRun.SECTION -> "From the HTTP run committed in [results](" + resultsDir + "/" + Report.README
                        + "#http11-wrk-against-every-pattern-beside-nginx) (" + day(wrk == null ? null : wrk.get("date"))
                        + ", " + str(machine.get("processors")) + " processors, "
                        + str(machine.get("placement")).split(":")[0] + ").\n\n"
                        + new HttpRun(wrk, registered.stream().map(PatternInfo::name).toList()).render();
                default -> measured(pattern, fromAPage);
            };
            rewrite(page.getKey(), page.getValue(), content).ifPresent(problems::add);
        }
        return problems;
    }

    /** The pages under {@code docs} that have a generated section, and its name. */
    private static Map<Path, String> sections(Path docs, List<PatternInfo> registered) {
        Map<Path, String> pages = new LinkedHashMap<>();
        pages.put(docs.resolve(Report.README), HEADLINE);
        pages.put(docs.resolve(WhichPatternWhen.PAGE), WhichPatternWhen.SECTION);
        pages.put(docs.resolve(HttpRun.PAGE), HttpRun.SECTION);
        for (PatternInfo pattern : registered) {
            Path page = docs.resolve(PATTERNS_DIR).resolve(pattern.name() + ".md");
            if (Files.exists(page)) {
                pages.put(page, MEASURED);
            }
        }
        return pages;
    }

    /** The pages under {@code docs} that lack the markers of their generated section, and what to do. */
    static List<String> unmarked(Path docs, List<PatternInfo> registered) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, String> page : sections(docs, registered).entrySet()) {
            if (!Files.exists(page.getKey()) || GeneratedSection.replace(Files.readString(page.getKey(),
                    StandardCharsets.UTF_8), page.getValue(), "").isEmpty()) {
                problems.add(unmarked(page.getKey(), page.getValue()));
            }
        }
        return problems;
    }

    private static String unmarked(Path page, String section) {
        return page + " has no generated section '" + section + "': put " + GeneratedSection.begin(section) + " and "
                + GeneratedSection.end(section) + " on lines of their own where it goes";
    }

    /** Writes {@code content} into the page's section; what went wrong, if anything. */
    private static Optional<String> rewrite(Path page, String section, String content) throws IOException {
        if (!Files.exists(page)) {
            return Optional.of(page + " is missing");
        }
        String text = Files.readString(page, StandardCharsets.UTF_8);
        Optional<String> updated = GeneratedSection.replace(text, section, content);
        if (updated.isEmpty()) {
            return Optional.of(unmarked(page, section));
        }
        if (!updated.get().equals(text)) {
            Files.writeString(page, updated.get(), StandardCharsets.UTF_8);
            System.out.println("Generated section '" + section + "' written in " + page);
        }
        return Optional.empty();
    }

    /** The day of an ISO date, or "unknown". */
    private static String day(Object isoDate) {
        String date = str(isoDate);
        return date.length() >= 10 ? date.substring(0, 10) : date;
    }

    /** Where the figures come from, in one sentence. */
    private String source(String results) {
        String day = day(machine.get("date"));
        return "From the benchmark run committed in [results](" + results + ") (" + day + ", "
                + str(machine.get("profile")).split(" ")[0] + " profile, " + str(machine.get("processors"))
                + " processors, "
                + str(machine.get("placement")).split(":")[0] + "; each server in its own process, one client thread)";
    }

    /** The docs README's headline: ping-pong throughput and server CPU per round trip, every pattern. */
    String headline(String results) {
        List<String> rows = new ArrayList<>();
        rows.add(Yardstick.NAME);
        rows.add(BareNetty.NAME);
        registered.forEach(p -> rows.add(p.name()));
        return source(results) + ". Round trips per second of " + Scenario.MESSAGE_BYTES + "-byte ping-pong, and "
                + "the server's CPU time per round trip, with their ratios to the C epoll yardstick's in the same "
                + "run; the CPU figure is the design's cost, whichever side was the bottleneck. `./serverpatterns "
                + "compare` measures the same at 16 connections, and churn, in about a minute.\n\n"
                + figures.headlineTable(Scenario.PING_PONG, rows, results)
                + "\n![Ping-pong round trips per second against connections](" + resultsDir + "/ping-pong.png)\n";
    }

    /** A pattern page's "Measured" section. */
    String measured(String pattern, String results) {
        StringBuilder md = new StringBuilder(source(results));
        if (!wasMeasured(pattern)) {
            return md.append(": this pattern has no results yet. `./serverpatterns bench` measures every registered "
                    + "pattern.\n").toString();
        }
        md.append(". Ratios are to the C epoll yardstick in the same run; server CPU per operation is what the design "
                + "spends on one round trip, connection or message, whichever side was the bottleneck. [All rows for "
                + "this pattern](").append(results).append("#pattern-").append(pattern).append(").\n\n");
        md.append("| scenario | throughput | vs yardstick | server CPU per operation | vs yardstick | note |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
        for (Scenario scenario : Scenario.values()) {
            boolean first = true;
            for (String v : figures.values(scenario)) {
                String label = first ? "[" + scenario.id() + "](" + results + "#" + scenario.id() + "-" + pattern + ")"
                        : scenario.id();
                first = false;
                if (v != null) {
                    label += ", " + scenario.parameterLabel(v);
                }
                md.append(row(scenario, pattern, v, label)).append('\n');
            }
        }
        unp(pattern, results).ifPresent(text -> md.append('\n').append(text));
        return md.toString();
    }

    private boolean wasMeasured(String pattern) {
        Results results = figures.results();
        return Stream.concat(results.trials().stream().map(t -> t.param("pattern")),
                results.notes().stream().map(n -> n.params().get("pattern"))).anyMatch(pattern::equals);
    }

    private String row(Scenario scenario, String pattern, String value, String label) {
        Optional<Results.Trial> found = figures.trial(scenario, pattern, value);
        if (found.isEmpty()) {
            Map<String, String> params = Figures.params(scenario, pattern, value);
            return "| " + label + " | " + figures.verdict(scenario, params) + " | | | | "
                    + figures.reason(scenario, params) + " |";
        }
        Results.Trial t = found.get();
        String note = switch (scenario) {
            case IDLE_ACTIVE -> {
                String rss = Report.rssPerIdleConnection(t);
                yield rss.isEmpty() ? "" : rss + " of RSS per idle connection";
            }
            case SLOW_HANDLER -> Figures.ceilingShare(t) + " of the " + fmt(Scenario.slowHandlerCeiling())
                    + "/s ceiling";
            default -> "";
        };
        String cpu = cpuPerOperationCell(t);
        return "| " + label + " | " + Figures.throughput(scenario, t) + " " + scenario.throughputUnit() + " | "
                + figures.ratio(scenario, t, Results.Trial::score) + " | "
                + (cpu.equals(Figures.NO_FIGURE) ? cpu : cpu + " µs") + " | "
                + figures.ratio(scenario, t, Figures::cpuPerOperation) + " |"
                + (note.isEmpty() ? " |" : " " + note + " |");
    }

    /** The pattern's line in UNP's Figures 30.1 and 30.2, if the run measured it. */
    private Optional<String> unp(String pattern, String results) {
        if (stevens == null) {
            return Optional.empty();
        }
        Unp unp = new Unp(stevens, registered);
        Map<String, Object> row = unp.rows().get(pattern);
        if (row == null) {
            return Optional.empty();
        }
        long connections = (long) intOf(stevens.get("children")) * intOf(stevens.get("connectionsPerChild"));
        String figure = "[UNP Figure 30.1](" + results + "#unp-ch-30-reproduction)";
        if (row.containsKey("verdict")) {
            return Optional.of(figure + ": **" + row.get("verdict") + "**, " + row.get("reason") + "\n");
        }
        Optional<UnpFigure301> server = unp.serverOf(pattern);
        StringBuilder text = new StringBuilder(figure);
        server.ifPresent(s -> text.append(" (`").append(s.server()).append("`)"));
        text.append(String.format(Locale.ROOT, ": %.2f s of server CPU for %s connections", unp.cpuSeconds(pattern),
                fmtInt(connections)));
        double beyond = unp.beyondBaseline(pattern);
        if (server.isPresent() && server.get() == UnpFigure301.BASELINE) {
            text.append(", the baseline the other designs are measured beyond.");
        } else if (!Double.isNaN(beyond)) {
            text.append(String.format(Locale.ROOT, ", %.2f s beyond the `%s` baseline's", beyond,
                    UnpFigure301.BASELINE.server()));
            text.append(server.map(s -> String.format(Locale.ROOT, " (Stevens measured %.2f s beyond his).",
                    s.cpuSecondsBeyondBaseline())).orElse(" (not in Stevens' table)."));
        } else {
            text.append('.');
        }
        List<Long> perWorker = Unp.connectionsPerWorker(row);
        if (perWorker.size() > 1) {
            text.append(String.format(Locale.ROOT, " Figure 30.2: %s to %s connections per worker over %d workers.",
                    fmtInt(perWorker.stream().mapToLong(Long::longValue).min().orElse(0)),
                    fmtInt(perWorker.stream().mapToLong(Long::longValue).max().orElse(0)), perWorker.size()));
        }
        return Optional.of(text.append('\n').toString());
    }
}
