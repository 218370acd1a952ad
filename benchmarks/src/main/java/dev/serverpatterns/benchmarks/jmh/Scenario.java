package dev.serverpatterns.benchmarks.jmh;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.annotations.Param;

/**
 * The benchmark vocabulary, defined once: each scenario's name, its JMH class, the parameter it
 * varies, what one operation is, and the fixed workload around it. The JMH benchmarks start their
 * servers through it, {@code compare} runs two of them, and the report reads every name, unit and
 * value from here (a parameter's values from the benchmark's own {@code @Param}, which JMH needs
 * as a literal).
 */
public enum Scenario {

    PING_PONG("ping-pong", "Ping-pong", PingPongBenchmark.class, "connections", "round trip"),
    CHURN("churn", "Churn", ChurnBenchmark.class, null, "connection"),
    IDLE_ACTIVE("c10k", "Idle + active (C10K)", IdleActiveBenchmark.class, "idle", "round trip"),
    SLOW_HANDLER("slow-handler", "Slow handler", SlowHandlerBenchmark.class, null, "round trip"),
    BULK("bulk", "Bulk", BulkBenchmark.class, null, "message");

    /** Bytes of every ping-pong message (ping-pong, the active connections of C10K, slow handler). */
    public static final int MESSAGE_BYTES = 64;
    /** Churn connections in flight at once: Stevens' client forks 5 children. */
    public static final int CHURN_CHILDREN = 5;
    /** Bytes each churn connection asks for, as in UNP ch. 30. */
    public static final int CHURN_REPLY_BYTES = 4000;
    /** Connections that ping-pong beside the idle ones in C10K. */
    public static final int ACTIVE_CONNECTIONS = 16;
    public static final int SLOW_CONNECTIONS = 64;
    public static final Duration SLOW_WORK = Duration.ofMillis(1);
    public static final int BULK_MESSAGE_BYTES = 64 * 1024;
    public static final int BULK_WINDOW = 4;

    private final String id;
    private final String title;
    private final Class<? extends ServerBenchmark> benchmark;
    private final String parameter;
    private final String operation;

    Scenario(String id, String title, Class<? extends ServerBenchmark> benchmark, String parameter, String operation) {
        this.id = id;
        this.title = title;
        this.benchmark = benchmark;
        this.parameter = parameter;
        this.operation = operation;
    }

    /** The short name: anchors in the report ({@code #ping-pong-NAME}), compare's headings. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Class<? extends ServerBenchmark> benchmark() {
        return benchmark;
    }

    /** The JMH benchmark class's simple name, as results name it. */
    public String benchmarkName() {
        return benchmark.getSimpleName();
    }

    /** The scenario that a JMH benchmark (class simple name or full method name) belongs to. */
    public static Optional<Scenario> ofBenchmark(String benchmark) {
        String[] parts = benchmark.split("\\.");
        String simpleName = parts.length >= 2 ? parts[parts.length - 2] : benchmark;
        for (Scenario s : values()) {
            if (s.benchmarkName().equals(simpleName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The parameter this scenario varies besides the pattern, if any. */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }

    /** The parameter's values, as its {@code @Param} lists them; empty if it has none. */
    public List<String> parameterValues() {
        if (parameter == null) {
            return List.of();
        }
        try {
            return List.of(benchmark.getField(parameter).getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(benchmark.getSimpleName() + " has no @Param field " + parameter, e);
        }
    }

    /**
     * How a value of the parameter reads in a table: {@code 1 connection}, {@code 1,000 idle + 16
     * active}; empty for a scenario without one.
     */
    public String parameterLabel(String value) {
        return switch (this) {
            case PING_PONG -> value + (value.equals("1") ? " connection" : " connections");
            case IDLE_ACTIVE -> String.format(Locale.ROOT, "%,d idle + %d active", Long.parseLong(value),
                    ACTIVE_CONNECTIONS);
            case CHURN, SLOW_HANDLER, BULK -> "";
        };
    }

    /** What one measured operation is, singular: {@code round trip}, {@code connection}, {@code message}. */
    public String operation() {
        return operation;
    }

    /** The plural, for counts and rates. */
    public String operations() {
        return operation + "s";
    }

    /** The unit the report and compare show throughput in: bulk is shown in MiB/s, not messages/s. */
    public String throughputUnit() {
        return this == BULK ? "MiB/s" : operations() + "/s";
    }

    /** JMH's score (operations per second) in {@link #throughputUnit()}. */
    public double throughput(double operationsPerSecond) {
        return this == BULK ? operationsPerSecond * BULK_MESSAGE_BYTES / (1024.0 * 1024) : operationsPerSecond;
    }

    /** The protocol the server speaks. */
    public String protocol() {
        return this == CHURN ? "bytes" : "echo";
    }

    /** The simulated work per message the server is started with. */
    public Duration work() {
        return this == SLOW_HANDLER ? SLOW_WORK : Duration.ZERO;
    }

    /** Whether the C yardstick can serve it (echo, no simulated work), so that a ratio can be given. */
    public boolean yardstickApplies() {
        return Yardstick.PROTOCOL.equals(protocol()) && work().isZero();
    }

    /**
     * How many connections the client holds open at once for the whole trial, given the
     * parameter's value (ignored where there is none). Churn's short connections count as one: a
     * design that serves one at a time makes them queue, which is slow, not stuck.
     */
    public int heldConnections(int parameterValue) {
        return switch (this) {
            case PING_PONG -> parameterValue;
            case CHURN, BULK -> 1;
            case IDLE_ACTIVE -> parameterValue + ACTIVE_CONNECTIONS;
            case SLOW_HANDLER -> SLOW_CONNECTIONS;
        };
    }

    /** The server a trial of this scenario needs. */
    public ServerLaunch launch(String pattern, int parameterValue) {
        return ServerLaunch.of(pattern, protocol(), work(), heldConnections(parameterValue));
    }

    /** One paragraph for the report: the workload, and how to read its figures. */
    public String describe() {
        return switch (this) {
            case PING_PONG -> String.format(Locale.ROOT, "Closed-loop echo of %d-byte messages: each connection has "
                    + "one message in flight and sends the next when the echo is back. Latency is one round trip, "
                    + "write to last byte read.", MESSAGE_BYTES);
            case CHURN -> String.format(Locale.ROOT, "UNP ch. 30's client: connect, send `%d\\n` (byte-count "
                    + "protocol), read %,d bytes, close; %d connections at a time. The yardstick speaks echo only, so "
                    + "there is no ratio: compare the patterns with each other and with UNP ch. 30 below.",
                    CHURN_REPLY_BYTES, CHURN_REPLY_BYTES, CHURN_CHILDREN);
            case IDLE_ACTIVE -> String.format(Locale.ROOT, "K idle connections are held open (each echoed one byte, "
                    + "then went silent) while %d connections ping-pong %d-byte messages. RSS per idle connection is "
                    + "the server's RSS growth while the idle connections were opened, divided by K.",
                    ACTIVE_CONNECTIONS, MESSAGE_BYTES);
            case SLOW_HANDLER -> String.format(Locale.ROOT, "Ping-pong of %d-byte messages on %d connections against "
                    + "a server started with `--work %dms`: every message costs its handler %d ms of blocking work. "
                    + "If every connection's work overlaps, the ceiling is %,.0f round trips/s; a design that serves "
                    + "many connections on one thread stalls them all. The yardstick has no simulated work: n/a.",
                    MESSAGE_BYTES, SLOW_CONNECTIONS, SLOW_WORK.toMillis(), SLOW_WORK.toMillis(), slowHandlerCeiling());
            case BULK -> String.format(Locale.ROOT, "One connection streams %d KiB messages through the echo server, "
                    + "%d in flight, reading the echo as it comes. MiB/s counts the bytes echoed back (each also went "
                    + "out).", BULK_MESSAGE_BYTES / 1024, BULK_WINDOW);
        };
    }

    /** The slow handler's best case: every connection's work overlapped, round trips per second. */
    public static double slowHandlerCeiling() {
        return SLOW_CONNECTIONS * 1e9 / SLOW_WORK.toNanos();
    }
}
