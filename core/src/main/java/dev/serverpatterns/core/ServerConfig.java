package dev.serverpatterns.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a pattern is asked to serve, and within which limits. Every field has a safe default,
 * and every value is checked here, once, with a message that says what was wrong and what
 * is allowed, so that no pattern has to validate its input.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder().protocol("bytes").workers(8).build();
 * }</pre>
 *
 * @param bindAddress       the local address; default 127.0.0.1, so nothing is exposed by accident
 * @param port              0 for an ephemeral port (the default), or 1–65535
 * @param protocol          the name of a {@link Protocol} found by {@link Protocols}; default {@code echo}
 * @param workers           threads or processes, for the designs that keep a fixed number; default 4
 * @param backlog           the listen(2) backlog; default 1024
 * @param maxConnections    connections open at once; the next one is accepted and closed at once
 * @param idleTimeout       a connection silent this long is closed; {@link Duration#ZERO} for never
 * @param outputBufferCap   the most bytes of pending output one connection may hold; a peer that
 *                          does not read makes the server stop reading from it, not grow a buffer
 * @param workPerMessage    simulated blocking work (a sleep) each time a connection's handler
 *                          receives bytes: how the docs show which designs stall on a slow handler
 */
public record ServerConfig(InetAddress bindAddress, int port, String protocol, int workers, int backlog,
                           int maxConnections, Duration idleTimeout, int outputBufferCap,
                           Duration workPerMessage) {

    public static final int MAX_WORKERS = 4096;
    public static final int MIN_OUTPUT_BUFFER_CAP = 1024;
    public static final int MAX_OUTPUT_BUFFER_CAP = 64 << 20;
    public static final Duration MAX_WORK_PER_MESSAGE = Duration.ofSeconds(10);
    /** What a socket read timeout can hold (an int of milliseconds), rounded down to whole days. */
    public static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(24);

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(workPerMessage, "workPerMessage");
        check(port >= 0 && port <= 65535, "--port must be 0 (ephemeral) or 1-65535, got " + port);
        check(workers >= 1 && workers <= MAX_WORKERS, "--workers must be 1-" + MAX_WORKERS + ", got " + workers);
        check(backlog >= 1 && backlog <= 65535, "--backlog must be 1-65535, got " + backlog);
        check(maxConnections >= 1, "--max-connections must be at least 1, got " + maxConnections);
        check(!idleTimeout.isNegative(), "--idle-timeout must not be negative, got " + Units.formatDuration(idleTimeout));
        check(idleTimeout.compareTo(MAX_IDLE_TIMEOUT) <= 0, "--idle-timeout must be at most "
                + Units.formatDuration(MAX_IDLE_TIMEOUT) + ", got " + Units.formatDuration(idleTimeout));
        check(outputBufferCap >= MIN_OUTPUT_BUFFER_CAP && outputBufferCap <= MAX_OUTPUT_BUFFER_CAP,
                "--output-buffer must be " + Units.formatSize(MIN_OUTPUT_BUFFER_CAP) + "-"
                        + Units.formatSize(MAX_OUTPUT_BUFFER_CAP) + ", got " + Units.formatSize(outputBufferCap));
        check(!workPerMessage.isNegative() && workPerMessage.compareTo(MAX_WORK_PER_MESSAGE) <= 0,
                "--work must be 0-" + Units.formatDuration(MAX_WORK_PER_MESSAGE) + ", got "
                        + Units.formatDuration(workPerMessage));
        Protocols.byName(protocol); // fails with the list of known protocols
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults: echo on 127.0.0.1, an ephemeral port. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Makes the per-connection state machines of the configured protocol, with the configured
     * work. A server calls this once, when it starts: the protocol is looked up here, not once
     * per connection.
     */
    public Supplier<ProtocolSession> sessions() {
        Protocol found = Protocols.byName(protocol);
        int cap = outputBufferCap;
        Duration work = workPerMessage;
        return work.isZero() ? () -> found.newSession(cap) : () -> new SimulatedWork(found.newSession(cap), work);
    }

    // Arguments ---------------------------------------------------------------------------------

    /** The command-line option of each field, in the order {@link #toArguments()} writes them. */
    public static final List<String> OPTIONS = List.of("--host", "--port", "--protocol", "--workers", "--backlog",
            "--max-connections", "--idle-timeout", "--output-buffer", "--work");

    /**
     * Every field as {@code --option value} pairs, e.g.
     * {@code --host 127.0.0.1 --port 0 ... --idle-timeout 5m --output-buffer 64KiB --work 0}.
     */
    public List<String> toArguments() {
        return List.of("--host", bindAddress.getHostAddress(), "--port", Integer.toString(port),
                "--protocol", protocol, "--workers", Integer.toString(workers), "--backlog", Integer.toString(backlog),
                "--max-connections", Integer.toString(maxConnections),
                "--idle-timeout", Units.formatDuration(idleTimeout),
                "--output-buffer", Units.formatSize(outputBufferCap),
                "--work", Units.formatDuration(workPerMessage));
    }

    /**
     * Reads {@code --option value} pairs as {@link #toArguments()} writes them (in any order, any
     * subset: a missing option keeps its default; a repeated one, its last value).
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, naming it
     */
    public static ServerConfig fromArguments(List<String> arguments) {
        Builder b = builder();
        for (int i = 0; i < arguments.size(); i += 2) {
            String option = arguments.get(i);
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "'; known: " + String.join(", ", OPTIONS));
            }
            if (i + 1 >= arguments.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = arguments.get(i + 1);
            try {
                switch (option) {
                    case "--host" -> b.bindAddress(InetAddress.getByName(value));
                    case "--port" -> b.port(Integer.parseInt(value));
                    case "--protocol" -> b.protocol(value);
                    case "--workers" -> b.workers(Integer.parseInt(value));
                    case "--backlog" -> b.backlog(Integer.parseInt(value));
                    case "--max-connections" -> b.maxConnections(Integer.parseInt(value));
                    case "--idle-timeout" -> b.idleTimeout(Units.parseDuration(value));
                    case "--output-buffer" -> b.outputBufferCap(Units.parseSize(value));
                    default -> b.workPerMessage(Units.parseDuration(value));
                }
            } catch (UnknownHostException | IllegalArgumentException e) { // NumberFormatException is one
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /** Mutable staging for a {@link ServerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private InetAddress bindAddress = loopbackV4();
        private int port = 0;
        private String protocol = "echo";
        private int workers = 4;
        private int backlog = 1024;
        private int maxConnections = 10_000;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int outputBufferCap = 64 * 1024;
        private Duration workPerMessage = Duration.ZERO;

        private Builder() {
        }

        private Builder(ServerConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            protocol = c.protocol;
            workers = c.workers;
            backlog = c.backlog;
            maxConnections = c.maxConnections;
            idleTimeout = c.idleTimeout;
            outputBufferCap = c.outputBufferCap;
            workPerMessage = c.workPerMessage;
        }

        public Builder bindAddress(InetAddress value) { bindAddress = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder protocol(String value) { protocol = value; return this; }
        public Builder workers(int value) { workers = value; return this; }
        public Builder backlog(int value) { backlog = value; return this; }
        public Builder maxConnections(int value) { maxConnections = value; return this; }
        public Builder idleTimeout(Duration value) { idleTimeout = value; return this; }
        public Builder outputBufferCap(int value) { outputBufferCap = value; return this; }
        public Builder workPerMessage(Duration value) { workPerMessage = value; return this; }

        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, protocol, workers, backlog, maxConnections,
                    idleTimeout, outputBufferCap, workPerMessage);
        }

        private static InetAddress loopbackV4() {
            try {
                return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
            } catch (UnknownHostException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }
}
