package dev.serverpatterns.benchmarks.jmh;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What every scenario shares: the pattern under test, as a JMH parameter, the server
 * process of the current trial (started in the trial's setup, stopped in its teardown), and
 * one time budget ({@link Budget}): JMH reads the class annotations below from the superclass.
 *
 * <p><b>Which patterns.</b> JMH bakes {@code @Param} values into the benchmark list at compile
 * time, so they must be literals, but a pattern is found at run time
 * ({@link dev.serverpatterns.core.ServerPatterns#all()}). So the literal is one placeholder,
 * {@value #EVERY_PATTERN}, and whoever starts JMH passes {@code -p pattern=} every registered name
 * plus {@code yardstick}, computed when it runs: the jar's main class ({@link BenchmarksMain}, for a
 * plain {@code java -jar benchmarks.jar}) and {@link Suite} (for {@code serverpatterns bench}). A
 * newly registered pattern is measured without any edit here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = Budget.WARMUP_ITERATIONS, time = Budget.ITERATION_SECONDS)
@Measurement(iterations = Budget.MEASUREMENT_ITERATIONS, time = Budget.ITERATION_SECONDS)
@Fork(1)
@Timeout(time = Budget.ITERATION_TIMEOUT_SECONDS)
public abstract class ServerBenchmark {

    /** The {@code @Param} placeholder that {@link BenchmarksMain} replaces with every registered pattern. */
    public static final String EVERY_PATTERN = "every-registered-pattern";

    /** A registered pattern's name, or {@value Yardstick#NAME}. */
    @Param(EVERY_PATTERN)
    public String pattern;

    /** A server that makes no progress for this long fails the trial instead of hanging it. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(10);

    ServerProcess server;
    private BenchmarkParams params;
    private final Deque<Closeable> clients = new ArrayDeque<>();

    /**
     * Starts the server this trial needs.
     *
     * @throws CannotRun if the design cannot serve this load or the server cannot start, after
     *                   writing the verdict to the {@link Notes}
     */
    final ServerProcess startServer(BenchmarkParams params, ServerLaunch launch) {
        this.params = params;
        if (EVERY_PATTERN.equals(pattern)) {
            throw noted(CannotRun.failed("the pattern parameter was not expanded: run benchmarks.jar's main class ("
                    + BenchmarksMain.class.getName() + ") or " + Suite.class.getSimpleName()
                    + ", or pass -p pattern=NAME[,NAME...]", null));
        }
        try {
            server = launch.start();
            return server;
        } catch (CannotRun e) {
            throw noted(e);
        } catch (IOException | RuntimeException e) {
            throw failed("the server did not start: " + e.getMessage(), e);
        }
    }

    /** Records the verdict for this trial and returns it, to be thrown. */
    final CannotRun noted(CannotRun why) {
        if (params != null) {
            Notes.record(params, why);
        }
        return why;
    }

    /** A failure while setting up or measuring, recorded with the server's stderr. */
    final CannotRun failed(String what, Throwable cause) {
        String stderr = server == null ? "" : server.stderrTail().strip();
        String detail = stderr.isEmpty() ? what : what + " (server stderr: " + lastLines(stderr, 5) + ")";
        return noted(CannotRun.failed(detail, cause));
    }

    /** Runs {@code body}; a failure ends the trial with a note instead of an anonymous stack trace. */
    final void orFail(String doing, IoAction body) {
        try {
            body.run();
        } catch (CannotRun e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failed(doing + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /** Registers a client that {@link #tearDown()} closes, before the server stops. */
    final <C extends Closeable> C closedAtTearDown(C client) {
        clients.push(client);
        return client;
    }

    /**
     * One measured operation of the client. A failure ends the trial with a note for the report
     * instead of an anonymous stack trace.
     */
    final void measure(Metrics metrics, IoAction operation) {
        metrics.attachOnce(server);
        try {
            operation.run();
            metrics.operations++;
        } catch (IOException e) {
            throw failed("while measuring: " + e.getMessage(), e);
        }
    }

    /** Closes the clients, last opened first, then stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        while (!clients.isEmpty()) {
            clients.pop().close();
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }
}
