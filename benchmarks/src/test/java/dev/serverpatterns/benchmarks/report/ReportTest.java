package dev.serverpatterns.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small fixture run, in JMH's JSON format, through the report generator. */
class ReportTest {

    private static String trial(String scenario, String method, String params, double score, String error,
                                String raw, String secondary) {
        return """
                {"jmhVersion": "1.37", "benchmark": "dev.serverpatterns.benchmarks.jmh.%s.%s", "mode": "thrpt",
                 "threads": 1, "forks": 1, "measurementIterations": 2, "measurementTime": "2 s",
                 "params": {%s},
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "ops/s", "rawData": [[%s]]},
                 "secondaryMetrics": {%s}}
                """.formatted(scenario, method, params, score, error, raw, secondary);
    }

    private static final String PP_SECONDARY = """
            "latencyP50Ns": {"score": 40000, "scoreUnit": "#", "rawData": [[20000, 20000]]},
            "latencyP99Ns": {"score": 200000, "scoreUnit": "#", "rawData": [[100000, 100000]]},
            "latencyP999Ns": {"score": 400000, "scoreUnit": "#", "rawData": [[200000, 200000]]},
            "serverCpuUs": {"score": 2000000, "scoreUnit": "#", "rawData": [[1000000, 1000000]]},
            "clientCpuUs": {"score": 3000000, "scoreUnit": "#", "rawData": [[1500000, 1500000]]}""";

    static final String RESULTS = "[" + String.join(",",
            trial("PingPongBenchmark", "roundTrip", "\"connections\": \"1\", \"pattern\": \"yardstick\"",
                    20000, "\"NaN\"", "20000, 20000", PP_SECONDARY),
            trial("PingPongBenchmark", "roundTrip", "\"connections\": \"16\", \"pattern\": \"yardstick\"",
                    200000, "1000.5", "199000, 201000", PP_SECONDARY),
            trial("PingPongBenchmark", "roundTrip", "\"connections\": \"1\", \"pattern\": \"thread-per-client\"",
                    10000, "500", "9900, 10100", PP_SECONDARY),
            trial("PingPongBenchmark", "roundTrip", "\"connections\": \"16\", \"pattern\": \"thread-per-client\"",
                    50000, "2500", "49000, 51000", PP_SECONDARY),
            trial("PingPongBenchmark", "roundTrip", "\"connections\": \"1\", \"pattern\": \"iterative\"",
                    12000, "NaN", "12000, 12000", PP_SECONDARY),
            trial("ChurnBenchmark", "connection", "\"pattern\": \"thread-per-client\"", 5000, "100", "5000, 5000",
                    "\"serverCpuUs\": {\"score\": 2000000, \"rawData\": [[1000000, 1000000]]}"),
            trial("IdleActiveBenchmark", "roundTrip", "\"idle\": \"1000\", \"pattern\": \"yardstick\"", 100000, "10",
                    "100000, 100000", "\"rssPerIdleConnectionBytes\": {\"score\": 8192, \"rawData\": [[4096, 4096]]}"),
            trial("IdleActiveBenchmark", "roundTrip", "\"idle\": \"1000\", \"pattern\": \"thread-per-client\"", 25000,
                    "10", "25000, 25000",
                    "\"rssPerIdleConnectionBytes\": {\"score\": 40960, \"rawData\": [[20480, 20480]]}"),
            trial("BulkBenchmark", "message", "\"pattern\": \"yardstick\"", 16000, "160", "16000, 16000", ""),
            trial("BulkBenchmark", "message", "\"pattern\": \"thread-per-client\"", 8000, "80", "8000, 8000", ""))
            + "]";

    static final String NOTES = "{\"benchmark\": \"dev.serverpatterns.benchmarks.jmh.PingPongBenchmark.roundTrip\", "
            + "\"params\": {\"connections\": \"16\", \"pattern\": \"iterative\"}, \"verdict\": \"cannot\", "
            + "\"reason\": \"serves one client at a time: 15 of 16 connections would wait\"}\n"
            + "{\"benchmark\": \"dev.serverpatterns.benchmarks.jmh.ChurnBenchmark.connection\", "
            + "\"params\": {\"pattern\": \"yardstick\"}, \"verdict\": \"n/a\", "
            + "\"reason\": \"the C yardstick speaks echo only\"}\n";

    static final String MACHINE = """
            {"date": "2026-11-22T00:00:00Z", "profile": "quick", "processors": 2, "memory": "23.5 GiB",
             "kernel": "Linux 6.1", "cpu": "Some CPU", "jdk": "OpenJDK 25", "openFilesLimit": "20000",
             "gcc": "gcc 12", "placement": "no pinning", "yardstick": "compiled with gcc -O2"}
            """;

    static final String STEVENS = """
            {"children": 5, "connectionsPerChild": 1000, "bytes": 4000, "workers": 15, "repeats": 3, "patterns": [
              {"pattern": "iterative", "cpuSeconds": [1.0, 1.1, 0.9], "medianCpuSeconds": 1.0,
               "connectionsPerWorker": [20000]},
              {"pattern": "thread-per-client", "cpuSeconds": [2.5], "medianCpuSeconds": 2.5,
               "connectionsPerWorker": [20000]},
              {"pattern": "prethreaded-accept", "cpuSeconds": [2.0], "medianCpuSeconds": 2.0,
               "connectionsPerWorker": [7000, 6000, 7000]},
              {"pattern": "virtual-thread-per-client", "verdict": "failed", "reason": "boom"}
            ]}
            """;

    @Test
    void writesTablesWithRatiosVerdictsAndCharts(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("bench");
        Files.createDirectories(in);
        Files.writeString(in.resolve("jmh-result.json"), RESULTS);
        Files.writeString(in.resolve("jmh-notes.jsonl"), NOTES);
        Files.writeString(in.resolve("machine.json"), MACHINE);
        Files.writeString(in.resolve("stevens.json"), STEVENS);
        Path out = dir.resolve("results");

        Path readme = Report.generate(in, out);
        String md = Files.readString(readme);

        assertThat(md).contains("| Placement | no pinning |", "| Machine | 2 processors, 23.5 GiB memory, Some CPU |");
        // headline: throughput and server CPU per round trip, each with its ratio to the yardstick's;
        // CPU per round trip = 2 s of server CPU over the iterations' round trips (40,000 at 1 connection)
        assertThat(md).contains("| [yardstick](#ping-pong-yardstick) | 20,000 (1.00×) | 25.0 (1.00×) | 200,000 (1.00×) "
                + "| 2.50 (1.00×) |");
        assertThat(md).contains("| [thread-per-client](#ping-pong-thread-per-client) | 10,000 (0.50×) | 50.0 (2.00×) "
                + "| 50,000 (0.25×) | 10.0 (4.00×) |");
        assertThat(md).contains("| [iterative](#ping-pong-iterative) | 12,000 (0.60×) | 41.7 (1.67×) | **cannot** | |");
        // the client's ceiling is the yardstick's figure
        assertThat(md).contains("20,000 round trips/s at 1 (client CPU 75%, yardstick CPU 50%)");
        // ping-pong rows: figure, error, ratio, CPU per round trip and its ratio, latency in µs, CPU shares
        assertThat(md).contains("| thread-per-client | 16 | 50,000 | ± 2,500 (5%) | 0.25× | 10.0 | 4.00× | 20.0 | 100 "
                + "| 200 | 50% | 75% | |");
        assertThat(md).contains("| iterative | 16 | **cannot** | | | | | | | | | | serves one client at a time: 15 "
                + "of 16 connections would wait |");
        assertThat(md).contains("<a id=\"ping-pong-thread-per-client\"></a>thread-per-client | 1 |");
        // a pattern that is registered but has neither result nor note
        assertThat(md).contains("| <a id=\"ping-pong-prethreaded-pool\"></a>prethreaded-pool | 1 | **no result** |");
        // churn: server CPU per connection = 2 s CPU / 20,000 connections = 100 µs; no ratio
        assertThat(md).contains("| <a id=\"churn-thread-per-client\"></a>thread-per-client | 5,000 | ± 100 (2%) | "
                + "100 | | 50% | | |");
        assertThat(md).contains("| <a id=\"churn-yardstick\"></a>yardstick | **n/a** | | | | | | "
                + "the C yardstick speaks echo only |");
        // C10K: ratio and RSS per idle connection; a run without the CPU figures shows — for them
        assertThat(md).contains("| <a id=\"c10k-thread-per-client\"></a>thread-per-client | 1,000 | 25,000 | "
                + "± 10.0 (0%) | 0.25× | — | — | 20.0 KiB |");
        // bulk in MiB/s: 8,000 messages of 64 KiB per second = 500 MiB/s
        assertThat(md).contains("| <a id=\"bulk-thread-per-client\"></a>thread-per-client | 500 | ± 5.00 (1%) | 0.50× "
                + "| — | — |");
        // UNP ch. 30: Stevens' column beside ours, minus the baseline's, found through unpServer()
        assertThat(md).contains("| `serv06` Concurrent server, one thread per client | 0.99 | thread-per-client | 2.50 | "
                + "1.50 |");
        assertThat(md).contains("| `serv07` Prethreaded, mutex locking around accept | 1.93 | prethreaded-accept | 2.00 | "
                + "1.00 |");
        assertThat(md).contains("| `serv01` Concurrent server, one fork per client | 20.90 | — | | | "
                + "not implemented here yet |");
        assertThat(md).contains("| (not in Stevens' table) | | virtual-thread-per-client | failed | | boom |");
        assertThat(md).contains("| worker | prethreaded-accept |", "| 1 | 6,000 |");

        for (String chart : new String[] {"ping-pong", "ping-pong-cpu", "c10k", "churn"}) {
            byte[] png = Files.readAllBytes(out.resolve(chart + ".png"));
            assertThat(png).as(chart + ".png").startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(out.resolve(chart + ".svg"))).contains("<svg");
            assertThat(md).contains("(" + chart + ".png)");
        }
    }

    /** The fixture with every real pattern renamed, so that a name hard-coded in the report would show. */
    private static String renamed(String text) {
        return text.replace("virtual-thread-per-client", "gamma").replace("thread-per-client", "beta")
                .replace("prethreaded-accept", "delta").replace("iterative", "alpha");
    }

    private static final List<PatternInfo> INVENTED = List.of(new PatternInfo("alpha", Optional.of("serv00")),
            new PatternInfo("beta", Optional.of("serv06")), new PatternInfo("delta", Optional.of("serv07")),
            new PatternInfo("gamma", Optional.empty()), new PatternInfo("epsilon", Optional.of("serv03")));

    private static final String PAGE = """
            # A pattern

            Text the report must not touch.

            ## Measured

            <!-- generated:measured:begin -->
            pasted numbers
            <!-- generated:measured:end -->

            ## After

            More text.
            """;

    @Test
    void knowsNoPatternByNameAndWritesTheGeneratedSectionsOfTheDocsPages(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("raw");
        Files.createDirectories(in);
        Files.writeString(in.resolve("jmh-result.json"), renamed(RESULTS));
        Files.writeString(in.resolve("jmh-notes.jsonl"), renamed(NOTES));
        Files.writeString(in.resolve("machine.json"), MACHINE);
        Files.writeString(in.resolve("stevens.json"), renamed(STEVENS));
        Path docs = dir.resolve("docs");
        Path patterns = Files.createDirectories(docs.resolve("patterns"));
        Files.writeString(docs.resolve("README.md"), "# Docs\n\n<!-- generated:headline:begin -->\n"
                + "<!-- generated:headline:end -->\n\n## Lineage\n");
        for (String name : List.of("alpha", "beta", "epsilon")) {
            Files.writeString(patterns.resolve(name + ".md"), PAGE);
        }
        Files.writeString(patterns.resolve("gamma.md"), "# gamma\n\n## Measured\n\nno markers\n");

        Report.generate(in.resolve("jmh-result.json"), in.resolve("jmh-notes.jsonl"), in, docs.resolve("results"),
                INVENTED);

        String md = Files.readString(docs.resolve("results/README.md"));
        List<String> real = ServerPatterns.all().stream().map(ServerPattern::name).toList();
        // as a whole name: "poll" is in "epoll" and "select" in "selector", which the report may well say
        assertThat(real).isNotEmpty().allSatisfy(name -> assertThat(md)
                .doesNotContainPattern("(?<![\\w-])" + java.util.regex.Pattern.quote(name) + "(?![\\w-])"));
        // Stevens' rows are found through what each pattern declares; the baseline is serv00's pattern
        assertThat(md).contains("| `serv06` Concurrent server, one thread per client | 0.99 | beta | 2.50 | 1.50 |",
                "| `serv07` Prethreaded, mutex locking around accept | 1.93 | delta | 2.00 | 1.00 |",
                "| `serv03` Prefork, file locking around accept | 2.07 | — | | | not implemented here yet |",
                "| (not in Stevens' table) | | gamma | failed | | boom |");

        String beta = Files.readString(patterns.resolve("beta.md"));
        assertThat(beta).startsWith("# A pattern\n\nText the report must not touch.\n\n## Measured\n\n"
                + "<!-- generated:measured:begin -->\nFrom the benchmark run committed in [results](../results/README.md) "
                + "(2026-11-22, quick profile, 2 processors, no pinning;").endsWith("<!-- generated:measured:end -->\n\n"
                + "## After\n\nMore text.\n").doesNotContain("pasted numbers");
        assertThat(beta).contains("| [ping-pong](../results/README.md#ping-pong-beta), 1 connection | 10,000 round trips/s "
                + "| 0.50× | 50.0 µs | 2.00× | |", "| ping-pong, 16 connections | 50,000 round trips/s | 0.25× | 10.0 µs "
                + "| 4.00× | |", "| [c10k](../results/README.md#c10k-beta), 1,000 idle + 16 active | 25,000 round trips/s "
                + "| 0.25× | — | — | 20.0 KiB of RSS per idle connection |", "(`serv06`): 2.50 s of server CPU for 5,000 "
                + "connections, 1.50 s beyond the `serv00` baseline's (Stevens measured 0.99 s beyond his).");
        assertThat(Files.readString(patterns.resolve("alpha.md"))).contains("| ping-pong, 16 connections | **cannot** "
                + "| | | | serves one client at a time: 15 of 16 connections would wait |",
                "the baseline the other designs are measured beyond.");
        assertThat(Files.readString(patterns.resolve("epsilon.md"))).contains(": this pattern has no results yet.");
        assertThat(Files.readString(patterns.resolve("gamma.md"))).as("no markers: left alone")
                .isEqualTo("# gamma\n\n## Measured\n\nno markers\n");
        assertThat(Files.readString(docs.resolve("README.md"))).contains("| [beta](results/README.md#ping-pong-beta) "
                + "| 10,000 (0.50×) | 50.0 (2.00×) | 50,000 (0.25×) | 10.0 (4.00×) |").endsWith("## Lineage\n");
    }

    /**
     * The output test above cannot see a name that the report only looks for (a guessed future
     * name, say): no string literal in the report's sources, nor in the scenario vocabulary it
     * reads, may name a registered pattern, or a hyphenated name that looks like one.
     */
    @Test
    void theReportsSourcesSpellNoPatternName() throws IOException {
        Path report = Path.of("src/main/java/dev/serverpatterns/benchmarks/report");
        List<Path> sources;
        try (var files = Files.list(report)) {
            sources = new java.util.ArrayList<>(files.filter(f -> f.toString().endsWith(".java")).toList());
        }
        sources.add(Path.of("src/main/java/dev/serverpatterns/benchmarks/jmh/Scenario.java"));
        assertThat(sources).hasSizeGreaterThan(5);
        Pattern literal = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
        List<String> names = ServerPatterns.all().stream().map(ServerPattern::name).toList();
        for (Path source : sources) {
            Matcher m = literal.matcher(Files.readString(source));
            while (m.find()) {
                String text = m.group(1);
                for (String name : names) {
                    boolean spelled = text.equals(name) || (name.contains("-")
                            && Pattern.compile("(^|[^a-z0-9-])" + Pattern.quote(name) + "([^a-z0-9-]|$)").matcher(text)
                                    .find());
                    assertThat(spelled).as("%s names the pattern '%s' in \"%s\"", source.getFileName(), name, text)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void aRunWithNothingInItStillMakesAPage(@TempDir Path dir) throws IOException {
        Path readme = Report.generate(dir, dir.resolve("out"));
        assertThat(Files.readString(readme)).contains("# Benchmark results", "**no result**",
                "the yardstick was not measured in this run", "Not measured in this run (no `stevens.json`)");
    }
}
