package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * A plain {@code java -jar benchmarks.jar} measures the literal {@code @Param} list of
 * {@link ServerBenchmark}: it must name every registered pattern (see that class for why the
 * list is literal, and how {@link Suite} measures every registered pattern regardless).
 */
class ParamListTest {

    static final List<Class<?>> SCENARIOS = List.of(PingPongBenchmark.class, ChurnBenchmark.class,
            IdleActiveBenchmark.class, SlowHandlerBenchmark.class, BulkBenchmark.class);

    private static List<String> literalList() throws NoSuchFieldException {
        return List.of(ServerBenchmark.class.getField("pattern").getAnnotation(Param.class).value());
    }

    @Test
    void theLiteralListNamesEveryRegisteredPattern() throws NoSuchFieldException {
        List<String> registered = ServerPatterns.all().stream().map(ServerPattern::name).toList();
        assertThat(registered).isNotEmpty();
        assertThat(literalList())
                .as("ServerBenchmark's @Param(\"pattern\") list must name every registered pattern: add the "
                        + "missing names to it, so that a plain `java -jar benchmarks.jar` measures them too")
                .containsAll(registered)
                .contains(Yardstick.NAME);
    }

    @Test
    void theLiteralListNamesNothingElse() throws NoSuchFieldException {
        List<String> known = new ArrayList<>(ServerPatterns.all().stream().map(ServerPattern::name).toList());
        known.add(Yardstick.NAME);
        assertThat(known).as("every name in the @Param list is registered (or is the yardstick)")
                .containsAll(literalList());
    }

    @Test
    void theSuiteMeasuresEveryRegisteredPattern() {
        List<String> registered = ServerPatterns.all().stream().map(ServerPattern::name).toList();
        assertThat(Suite.patternParams()).containsAll(registered);
    }

    @Test
    void theSuiteMeasuresTheYardstickWhereItCompiles() {
        YardstickTest.requireCompiler();
        assertThat(Suite.patternParams()).contains(Yardstick.NAME);
    }

    @Test
    void everyScenarioIsParameterizedByPattern() {
        for (Class<?> scenario : SCENARIOS) {
            assertThat(ServerBenchmark.class).as(scenario.getSimpleName()).isAssignableFrom(scenario);
            assertThat(List.of(scenario.getMethods()).stream().filter(m -> m.isAnnotationPresent(Benchmark.class)))
                    .as(scenario.getSimpleName() + " has one @Benchmark method").hasSize(1);
            assertThat(java.util.regex.Pattern.compile(Suite.ALL_SCENARIOS).matcher(scenario.getName() + ".run").find())
                    .as(scenario.getName() + " is included by Suite.ALL_SCENARIOS").isTrue();
        }
    }
}
