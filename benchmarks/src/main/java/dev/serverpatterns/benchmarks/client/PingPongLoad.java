package dev.serverpatterns.benchmarks.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The ping-pong echo load: {@code connections} connections, each a closed loop of round trips
 * (write {@code size} bytes, read the same {@code size} bytes back, check them) for
 * {@code duration}. It measures the latency of one request on an established connection, and
 * how many a design serves at once: against the iterative server, every connection but the
 * first waits for the whole run, and the result says so ({@link LoadResult#starved()}).
 *
 * <pre>{@code
 * LoadResult r = new PingPongLoad(address, 16, 64, Duration.ofSeconds(3), LoadLimits.defaults()).run();
 * }</pre>
 *
 * @param target      the echo server
 * @param connections connections open at once, 1-{@value #MAX_CONNECTIONS}
 * @param size        bytes per message, 1-{@value #MAX_SIZE}: small enough that the whole message
 *                    fits in the socket buffers, so writing all of it before reading cannot deadlock
 * @param duration    the measured window
 * @param limits      the timeouts and the grace that bound the run
 */
public record PingPongLoad(InetSocketAddress target, int connections, int size, Duration duration,
                           LoadLimits limits) implements Load {

    public static final int MAX_CONNECTIONS = 1000;
    public static final int MAX_SIZE = 64 * 1024;
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public PingPongLoad {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(limits, "limits");
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host " + target.getHostString());
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 1-" + MAX_CONNECTIONS + ", got " + connections);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1-" + MAX_SIZE + " bytes, got " + size);
        }
        if (duration.toMillis() < 1 || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be 1 ms-24 h, got " + duration);
        }
    }

    /**
     * Connects, runs {@code warmup} unmeasured, then measures for {@link #duration()}, reading
     * {@code serverCpuNanos} (if not null) when the window opens and when it closes.
     */
    @Override
    public LoadResult run(Duration warmup, Consumer<LoadProgress> progress, LongSupplier serverCpuNanos)
            throws IOException {
        // no reply timeout: a serializing server keeps a connection waiting for the whole run, which
        // is its result (starvation), not a failure; the deadline bounds that wait
        try (PingPongClient client = new PingPongClient(target, connections, size, limits.connectTimeout(), null,
                new LoadErrors())) {
            return client.run("round trips", 0, warmup, duration, limits, progress, serverCpuNanos);
        }
    }
}
