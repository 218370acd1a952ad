package dev.serverpatterns.benchmarks.compare;

import dev.serverpatterns.benchmarks.jmh.Scenario;
import java.util.List;
import java.util.Objects;

/**
 * One row of a comparison: a pattern's (or the yardstick's) phases, in
 * {@link PatternComparison#SCENARIOS} order.
 */
public record PatternScore(String name, List<Phase> phases) {

    public PatternScore {
        Objects.requireNonNull(name, "name");
        phases = List.copyOf(phases);
    }

    public Phase phase(Scenario scenario) {
        return phases.stream().filter(p -> p.scenario() == scenario).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(scenario + " was not run"));
    }

    /** Errors of every phase that ran. */
    public long errors() {
        return phases.stream().filter(Phase::ran).mapToLong(p -> p.result().errors()).sum();
    }

    /** Every phase ran without an error, or did not run for a reason that is not a failure. */
    public boolean succeeded() {
        return phases.stream().allMatch(Phase::succeeded);
    }
}
