package dev.serverpatterns.benchmarks.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds that keep a load run from ever hanging, whatever the server does.
 *
 * <p>Every run has a measured window (a duration, or a churn's time limit). Operations that
 * complete inside it are counted. When it ends, no new operation starts, and those in flight
 * get {@code grace} to finish (uncounted). At the end of the grace, the <em>deadline</em>, every
 * socket still open is closed, and an operation it cuts short is reported as an error.
 *
 * @param connectTimeout a connect(2) that takes longer is an error
 * @param readTimeout    churn: a reply silent this long is an error. Ping-pong does not use it: a
 *                       serializing server keeps a connection waiting for the whole run, which
 *                       is its result (starvation), not a failure; the deadline bounds that wait
 * @param grace          how long after the window operations in flight may still finish
 */
public record LoadLimits(Duration connectTimeout, Duration readTimeout, Duration grace) {

    /** Socket timeouts are int milliseconds. */
    private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    public LoadLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(grace, "grace");
        checkTimeout("connect timeout", connectTimeout);
        checkTimeout("read timeout", readTimeout);
        if (grace.isNegative() || grace.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("grace must be 0-" + MAX_TIMEOUT.toMillis() + " ms, got " + grace);
        }
    }

    private static void checkTimeout(String what, Duration timeout) {
        // 0 would mean "wait forever" to a socket: exactly what these limits exist to prevent
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(what + " must be 1-" + MAX_TIMEOUT.toMillis() + " ms, got " + timeout);
        }
    }

    /** 10 s to connect, 10 s for a reply, 2 s of grace. */
    public static LoadLimits defaults() {
        return new LoadLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    int connectTimeoutMillis() {
        return (int) connectTimeout.toMillis();
    }

    int readTimeoutMillis() {
        return (int) readTimeout.toMillis();
    }
}
