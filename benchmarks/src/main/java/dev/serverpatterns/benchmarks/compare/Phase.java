package dev.serverpatterns.benchmarks.compare;

import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.benchmarks.jmh.CannotRun;
import dev.serverpatterns.benchmarks.jmh.Scenario;
import java.util.Objects;

/**
 * One scenario run against one server: what the load measured, or why it did not run (the
 * {@link CannotRun} verdicts: {@code cannot}, {@code n/a}, {@code failed}).
 *
 * @param result  the load's result, or null if it did not run
 * @param verdict null if it ran
 * @param reason  why it did not run, or null
 */
public record Phase(Scenario scenario, LoadResult result, String verdict, String reason) {

    public Phase {
        Objects.requireNonNull(scenario, "scenario");
        if ((result == null) == (verdict == null)) {
            throw new IllegalArgumentException("a phase has a result or a verdict");
        }
    }

    static Phase ran(Scenario scenario, LoadResult result) {
        return new Phase(scenario, result, null, null);
    }

    static Phase notRun(Scenario scenario, CannotRun why) {
        return new Phase(scenario, null, why.verdict(), why.reason());
    }

    public boolean ran() {
        return result != null;
    }

    /** It ran without an error, or it did not run for a reason that is the design's (not a failure). */
    public boolean succeeded() {
        return ran() ? result.succeeded() : !CannotRun.FAILED.equals(verdict);
    }
}
