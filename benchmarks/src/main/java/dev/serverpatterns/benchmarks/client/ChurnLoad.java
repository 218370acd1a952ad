package dev.serverpatterns.benchmarks.client;

import dev.serverpatterns.core.protocols.ByteCountProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The connection-churn load of UNP chapter 30 and csdesign's client: {@code children} concurrent
 * workers, each making {@code connectionsPerChild} connections one after the other; each
 * connection sends {@code BYTES\n} (the byte-count protocol), reads exactly that many bytes back,
 * and closes. It measures what a design pays per connection: accept, thread or process hand-off,
 * teardown. UNP forks a process per child; here the children are concurrent connections of one
 * client thread ({@link ChurnClient}).
 *
 * <pre>{@code
 * LoadResult r = new ChurnLoad(address, 5, 500, 4000, Duration.ofMinutes(1), LoadLimits.defaults()).run();
 * }</pre>
 *
 * @param target              a server speaking the {@code bytes} protocol
 * @param children            concurrent workers, 1-{@value #MAX_CHILDREN}
 * @param connectionsPerChild sequential connections per child, or {@link #UNTIL_TIME_LIMIT}
 * @param bytes               bytes asked for per connection, 1-16 MiB (the protocol's maximum)
 * @param timeLimit           the measured window: connections not made by then are not made
 * @param limits              the timeouts and the grace that bound the run
 */
public record ChurnLoad(InetSocketAddress target, int children, int connectionsPerChild, int bytes,
                        Duration timeLimit, LoadLimits limits) implements Load {

    public static final int MAX_CHILDREN = 1000;
    /** {@code connectionsPerChild} for a run bounded by its time limit only. */
    public static final int UNTIL_TIME_LIMIT = 0;
    public static final Duration MAX_TIME_LIMIT = Duration.ofHours(24);

    public ChurnLoad {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(limits, "limits");
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host " + target.getHostString());
        }
        if (children < 1 || children > MAX_CHILDREN) {
            throw new IllegalArgumentException("children must be 1-" + MAX_CHILDREN + ", got " + children);
        }
        if (connectionsPerChild < 0) {
            throw new IllegalArgumentException("connections per child must be at least 1 (or 0: until the time limit), got "
                    + connectionsPerChild);
        }
        if (bytes < 1 || bytes > ByteCountProtocol.MAX_COUNT) {
            throw new IllegalArgumentException("bytes must be 1-" + ByteCountProtocol.MAX_COUNT + ", got " + bytes);
        }
        if (timeLimit.toMillis() < 1 || timeLimit.compareTo(MAX_TIME_LIMIT) > 0) {
            throw new IllegalArgumentException("time limit must be 1 ms-24 h, got " + timeLimit);
        }
    }

    /** As many connections as fit in {@code duration}: the rate is the result. */
    public static ChurnLoad timed(InetSocketAddress target, int children, int bytes, Duration duration,
                                  LoadLimits limits) {
        return new ChurnLoad(target, children, UNTIL_TIME_LIMIT, bytes, duration, limits);
    }

    /** Connections planned in all, or 0 when only the time limit bounds the run. */
    public long planned() {
        return (long) children * connectionsPerChild;
    }

    /**
     * Runs {@code warmup} unmeasured, then measures until the time limit (or until every child
     * made its connections), reading {@code serverCpuNanos} (if not null) when the window opens
     * and when it closes.
     */
    @Override
    public LoadResult run(Duration warmup, Consumer<LoadProgress> progress, LongSupplier serverCpuNanos)
            throws IOException {
        try (ChurnClient client = new ChurnClient(target, children, connectionsPerChild, bytes,
                limits.connectTimeout(), limits.readTimeout(), new LoadErrors())) {
            return client.run("connections", planned(), warmup, timeLimit, limits, progress, serverCpuNanos);
        }
    }
}
