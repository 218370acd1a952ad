package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Every registered pattern is measured, without a list of names kept by hand: the literal
 * {@code @Param} is a placeholder that the jar's main class ({@link BenchmarksMain}) and the
 * {@link Suite} replace with the registry's names (see {@link ServerBenchmark}).
 */
class ParamListTest {

    private static List<String> registered() {
        return ServerPatterns.all().stream().map(ServerPattern::name).toList();
    }

    /** The pattern values JMH itself reads from these arguments. */
    private static List<String> patternsJmhRuns(String... args) throws Exception {
        return List.copyOf(new CommandLineOptions(args).getParameter("pattern").get());
    }

    @Test
    void aPlainRunOfTheJarMeasuresEveryRegisteredPatternAndTheYardstick() throws Exception {
        assertThat(registered()).isNotEmpty();
        String[] args = BenchmarksMain.withEveryPattern(new String[] {"-f", "1", "PingPong"}, Suite::patternParams);

        assertThat(Arrays.copyOf(args, 3)).containsExactly("-f", "1", "PingPong");
        assertThat(patternsJmhRuns(args)).containsAll(registered()).containsAll(Suite.patternParams());
    }

    @Test
    void patternsChosenOnTheCommandLineAreKept() throws Exception {
        String[] chosen = {"-p", "pattern=iterative,yardstick", "-p", "connections=16"};
        assertThat(BenchmarksMain.withEveryPattern(chosen, () -> List.of("unused"))).isSameAs(chosen);
        assertThat(patternsJmhRuns(BenchmarksMain.withEveryPattern(new String[] {"-ppattern=iterative"},
                () -> List.of("unused")))).containsExactly("iterative");
        String[] list = {"-l"};
        assertThat(BenchmarksMain.withEveryPattern(list, () -> List.of("unused"))).as("nothing to measure")
                .isSameAs(list);
    }

    @Test
    void theLiteralParamIsOnlyThePlaceholderThatIsReplaced() throws NoSuchFieldException {
        assertThat(ServerBenchmark.class.getField("pattern").getAnnotation(Param.class).value())
                .containsExactly(ServerBenchmark.EVERY_PATTERN);
    }

    @Test
    void theJarsMainClassIsTheOneThatAddsThePatterns() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<mainClass>" + BenchmarksMain.class.getName() + "</mainClass>");
    }

    @Test
    void theSuiteMeasuresEveryRegisteredPattern() {
        assertThat(Suite.patternParams()).containsAll(registered());
    }

    @Test
    void theSuiteMeasuresTheYardstickWhereItCompiles() {
        YardstickTest.requireCompiler();
        assertThat(Suite.patternParams()).contains(Yardstick.NAME);
    }

    @Test
    void everyBenchmarkJmhKnowsIsAScenario() throws IOException {
        try (InputStream list = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(list).as("JMH's annotation processor wrote the benchmark list").isNotNull();
            List<String> lines = new String(list.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(Scenario.values().length);
            for (String line : lines) {
                String benchmark = new BenchmarkListEntry(line).getUsername();
                assertThat(Scenario.ofBenchmark(benchmark)).as(benchmark).isPresent();
            }
        }
    }

    @Test
    void everyScenarioIsParameterizedByPatternAndIncludedInTheSuite() {
        for (Scenario scenario : Scenario.values()) {
            Class<?> benchmark = scenario.benchmark();
            assertThat(ServerBenchmark.class).as(scenario.benchmarkName()).isAssignableFrom(benchmark);
            assertThat(List.of(benchmark.getMethods()).stream().filter(m -> m.isAnnotationPresent(Benchmark.class)))
                    .as(scenario.benchmarkName() + " has one @Benchmark method").hasSize(1);
            assertThat(java.util.regex.Pattern.compile(Suite.ALL_SCENARIOS).matcher(benchmark.getName() + ".run").find())
                    .as(benchmark.getName() + " is included by Suite.ALL_SCENARIOS").isTrue();
        }
    }
}
