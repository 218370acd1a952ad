package dev.serverpatterns.benchmarks.compare;

import dev.serverpatterns.benchmarks.client.LoadLimits;
import dev.serverpatterns.benchmarks.jmh.Scenario;
import java.time.Duration;
import java.util.Objects;

/**
 * The one short workload that {@code serverpatterns compare} runs against every pattern and the C
 * yardstick: two of the JMH suite's scenarios, {@link Scenario#PING_PONG} at
 * {@value #PING_PONG_CONNECTIONS} connections and {@link Scenario#CHURN}, with the same servers,
 * client and figures, only shorter.
 *
 * @param warmup each phase's unmeasured start: the server's JIT compilers, the client's
 * @param phase  each phase's measured window
 * @param limits the timeouts and the grace of both phases
 */
public record ComparisonWorkload(Duration warmup, Duration phase, LoadLimits limits) {

    /** Both sides busy, and the connection count where the headline is read. */
    public static final int PING_PONG_CONNECTIONS = 16;
    public static final Duration MAX_PHASE = Duration.ofHours(1);

    public ComparisonWorkload {
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(limits, "limits");
        if (phase.toMillis() < 1 || phase.compareTo(MAX_PHASE) > 0) {
            throw new IllegalArgumentException("the phase duration must be 1 ms-1 h, got " + phase);
        }
        if (warmup.isNegative() || warmup.compareTo(MAX_PHASE) > 0) {
            throw new IllegalArgumentException("the warm-up must be 0-1 h, got " + warmup);
        }
    }

    /** 1 s of warm-up and 3 s measured per phase: every pattern and the yardstick in under a minute. */
    public static ComparisonWorkload defaults() {
        return new ComparisonWorkload(Duration.ofSeconds(1), Duration.ofSeconds(3),
                new LoadLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }

    public ComparisonWorkload withPhase(Duration value) {
        return new ComparisonWorkload(warmup, value, limits);
    }

    public ComparisonWorkload withWarmup(Duration value) {
        return new ComparisonWorkload(value, phase, limits);
    }
}
