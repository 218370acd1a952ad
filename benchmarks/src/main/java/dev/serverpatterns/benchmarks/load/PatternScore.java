package dev.serverpatterns.benchmarks.load;

import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.core.ServerPattern;
import java.util.Objects;

/**
 * One pattern's row of a comparison.
 *
 * @param pattern  the pattern measured
 * @param pingPong the ping-pong phase against it serving {@code echo}, or null if it did not run
 * @param churn    the churn phase against it serving {@code bytes}, or null if it did not run
 * @param failure  why a phase could not run (the server failed to start), or null
 */
public record PatternScore(ServerPattern pattern, LoadResult pingPong, LoadResult churn, String failure) {

    public PatternScore {
        Objects.requireNonNull(pattern, "pattern");
    }

    /** Errors of both phases. */
    public long errors() {
        return (pingPong == null ? 0 : pingPong.errors()) + (churn == null ? 0 : churn.errors());
    }

    /** Both phases ran, without an error. */
    public boolean succeeded() {
        return failure == null && pingPong != null && churn != null && errors() == 0;
    }
}
