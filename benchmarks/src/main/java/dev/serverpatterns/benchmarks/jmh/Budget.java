package dev.serverpatterns.benchmarks.jmh;

/**
 * The time budget of the full suite, in one place: every scenario's annotations use these, so
 * that a full run ({@code java -jar benchmarks.jar}, or {@link Suite}) of all scenarios over the
 * currently registered patterns takes about 2 minutes per pattern on 2 cores (about 10 trials of
 * 3 warm-up and 5 measured iterations of 2 s, plus a JVM fork and a server start each).
 * {@link Suite#QUICK} overrides them from the command line for the quick profile.
 */
final class Budget {

    static final int WARMUP_ITERATIONS = 3;
    static final int MEASUREMENT_ITERATIONS = 5;
    static final int ITERATION_SECONDS = 2;
    /** JMH interrupts an iteration after this; the clients' own stall timeout fires long before. */
    static final int ITERATION_TIMEOUT_SECONDS = 60;

    private Budget() {
    }
}
