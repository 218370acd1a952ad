package dev.serverpatterns.benchmarks.compare;

import dev.serverpatterns.benchmarks.client.ChurnLoad;
import dev.serverpatterns.benchmarks.client.Load;
import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.benchmarks.client.PingPongLoad;
import dev.serverpatterns.benchmarks.jmh.CannotRun;
import dev.serverpatterns.benchmarks.jmh.Scenario;
import dev.serverpatterns.benchmarks.jmh.ServerLaunch;
import dev.serverpatterns.benchmarks.jmh.ServerProcess;
import java.io.IOException;
import java.util.List;

/**
 * Measures one pattern (or the yardstick) with a {@link ComparisonWorkload}, as the JMH suite does,
 * only shorter: for each of its two scenarios, the server the scenario launches, in a process of its
 * own; the one-thread client; the server's CPU time over the measured window. Running every pattern
 * through the same phases is what lets {@code serverpatterns compare} print their rows side by side,
 * and divide each by the yardstick's.
 */
public final class PatternComparison {

    /** The scenarios of a comparison, in the order they run and are shown. */
    public static final List<Scenario> SCENARIOS = List.of(Scenario.PING_PONG, Scenario.CHURN);

    private PatternComparison() {
    }

    /** Both phases against the pattern (or yardstick) {@code name}; never throws for what the server does. */
    public static PatternScore measure(String name, ComparisonWorkload workload) {
        return new PatternScore(name, SCENARIOS.stream().map(s -> phase(name, s, workload)).toList());
    }

    private static Phase phase(String name, Scenario scenario, ComparisonWorkload workload) {
        ServerLaunch launch = scenario.launch(name, ComparisonWorkload.PING_PONG_CONNECTIONS);
        try {
            launch.check();
        } catch (CannotRun why) {
            return Phase.notRun(scenario, why);
        }
        try (ServerProcess server = launch.start()) {
            return Phase.ran(scenario, load(scenario, server, workload));
        } catch (CannotRun why) {
            return Phase.notRun(scenario, why);
        } catch (IOException | RuntimeException e) {
            return Phase.notRun(scenario, CannotRun.failed(String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse(e.toString()), e));
        }
    }

    private static LoadResult load(Scenario scenario, ServerProcess server, ComparisonWorkload w) throws IOException {
        Load load = switch (scenario) {
            case PING_PONG -> new PingPongLoad(server.address(), ComparisonWorkload.PING_PONG_CONNECTIONS,
                    Scenario.MESSAGE_BYTES, w.phase(), w.limits());
            case CHURN -> ChurnLoad.timed(server.address(), Scenario.CHURN_CHILDREN, Scenario.CHURN_REPLY_BYTES,
                    w.phase(), w.limits());
            default -> throw new IllegalArgumentException(scenario + " is not part of a comparison");
        };
        return load.run(w.warmup(), progress -> { }, server::cpuNanos);
    }
}
