package dev.serverpatterns.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

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

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(workPerMessage, "workPerMessage");
        check(port >= 0 && port <= 65535, "port must be 0 (ephemeral) or 1-65535, got " + port);
        check(workers >= 1 && workers <= MAX_WORKERS, "workers must be 1-" + MAX_WORKERS + ", got " + workers);
        check(backlog >= 1 && backlog <= 65535, "backlog must be 1-65535, got " + backlog);
        check(maxConnections >= 1, "maxConnections must be at least 1, got " + maxConnections);
        check(!idleTimeout.isNegative(), "idleTimeout must not be negative, got " + idleTimeout);
        check(idleTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) <= 0,
                "idleTimeout must be at most " + Integer.MAX_VALUE + " ms, got " + idleTimeout);
        check(outputBufferCap >= MIN_OUTPUT_BUFFER_CAP && outputBufferCap <= MAX_OUTPUT_BUFFER_CAP,
                "outputBufferCap must be " + MIN_OUTPUT_BUFFER_CAP + "-" + MAX_OUTPUT_BUFFER_CAP
                        + " bytes, got " + outputBufferCap);
        check(!workPerMessage.isNegative() && workPerMessage.compareTo(MAX_WORK_PER_MESSAGE) <= 0,
                "workPerMessage must be 0-" + MAX_WORK_PER_MESSAGE.toMillis() + " ms, got " + workPerMessage);
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

    /** A fresh per-connection state machine for the configured protocol, with the configured work. */
    public ProtocolSession newSession() {
        ProtocolSession session = Protocols.byName(protocol).newSession(outputBufferCap);
        return workPerMessage.isZero() ? session : new SimulatedWork(session, workPerMessage);
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
