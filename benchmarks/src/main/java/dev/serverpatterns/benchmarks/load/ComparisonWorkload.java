package dev.serverpatterns.benchmarks.load;

import dev.serverpatterns.benchmarks.client.LoadLimits;
import dev.serverpatterns.core.ServerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The one short workload that {@link PatternComparison} runs against every pattern, so that
 * their rows can be read side by side.
 *
 * @param phase               how long each phase (ping-pong, churn) runs against each pattern
 * @param workers             the servers' {@link ServerConfig#workers()}, for the fixed-pool designs
 * @param pingPongConnections connections of the ping-pong phase
 * @param pingPongSize        bytes per ping-pong message
 * @param churnChildren       children of the churn phase
 * @param churnBytes          bytes asked for per churn connection
 * @param limits              the timeouts and the grace of both phases
 */
public record ComparisonWorkload(Duration phase, int workers, int pingPongConnections, int pingPongSize,
                                 int churnChildren, int churnBytes, LoadLimits limits) {

    public static final Duration MAX_PHASE = Duration.ofHours(1);

    public ComparisonWorkload {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(limits, "limits");
        if (phase.toMillis() < 1 || phase.compareTo(MAX_PHASE) > 0) {
            throw new IllegalArgumentException("the phase duration must be 1 ms-1 h, got " + phase);
        }
        ServerConfig.builder().workers(workers).build(); // refuses a bad worker count in its own words
    }

    /**
     * 3 s per phase, so that a dozen patterns take under two minutes; 16 connections of 64 B
     * (more connections than the fixed pools have workers, on purpose); 4 children asking for
     * 4000 B each, as in UNP's measurements; the servers' default worker count.
     */
    public static ComparisonWorkload defaults() {
        return new ComparisonWorkload(Duration.ofSeconds(3), ServerConfig.defaults().workers(), 16, 64, 4, 4000,
                new LoadLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }

    public ComparisonWorkload withPhase(Duration value) {
        return new ComparisonWorkload(value, workers, pingPongConnections, pingPongSize, churnChildren, churnBytes,
                limits);
    }

    public ComparisonWorkload withWorkers(int value) {
        return new ComparisonWorkload(phase, value, pingPongConnections, pingPongSize, churnChildren, churnBytes,
                limits);
    }
}
