package dev.serverpatterns.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log lines a server writes about its connections, the same in every pattern. What a user
 * must be able to see by default (a refusal at {@code --max-connections}, a protocol error, an
 * idle close, a peer that stopped reading) is logged at INFO, at most one line per kind per
 * second, with a count of the lines left out since, so a flood of clients cannot flood the log.
 * A peer's reset is ordinary and stays at DEBUG.
 */
public final class ConnectionLog {

    private static final System.Logger LOG = System.getLogger(ConnectionLog.class.getName());
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String pattern;
    private final RateLimit refusals = new RateLimit();
    private final RateLimit protocolErrors = new RateLimit();
    private final RateLimit idleCloses = new RateLimit();
    private final RateLimit stalledWrites = new RateLimit();
    private final RateLimit watchFailures = new RateLimit();

    public ConnectionLog(String pattern) {
        this.pattern = pattern;
    }

    public void connected(Object peer) {
        LOG.log(Level.DEBUG, "connected by {0}", peer);
    }

    public void closed(Object peer) {
        LOG.log(Level.DEBUG, "closed {0}", peer);
    }

    public void refused(Object peer, int maxConnections) {
        refusals.info(pattern + ": refused " + peer + ": " + maxConnections
                + " connections are open (--max-connections)");
    }

    public void protocolFailed(Object peer, Throwable failure) {
        protocolErrors.info(pattern + ": closed " + peer + ": protocol error: " + failure);
        LOG.log(Level.DEBUG, "protocol error from " + peer, failure);
    }

    public void idleClosed(Object peer, Duration idleTimeout) {
        idleCloses.info(pattern + ": closed " + peer + ": idle for " + Units.formatDuration(idleTimeout)
                + " (--idle-timeout)");
    }

    public void writeStalled(Object peer, Duration idleTimeout) {
        stalledWrites.info(pattern + ": closed " + peer + ": it took none of our output for "
                + Units.formatDuration(idleTimeout) + " (--idle-timeout)");
    }

    /** The kernel would not watch the connection (out of memory for epoll, say): the server's problem, not the peer's. */
    public void watchFailed(Object peer, Throwable failure) {
        watchFailures.info(pattern + ": closed " + peer + ": the event loop could not watch it: " + failure);
    }

    public void failed(Object peer, Throwable failure) {
        LOG.log(Level.DEBUG, "{0}: {1}: {2}", pattern, peer, failure.toString());
    }

    /** One line per interval; the lines left out in between are counted in the next one. */
    private static final class RateLimit {
        private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
        private final AtomicLong suppressed = new AtomicLong();

        void info(String message) {
            if (!LOG.isLoggable(Level.INFO)) {
                return;
            }
            long now = System.nanoTime();
            long allowed = nextAllowed.get();
            if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + INTERVAL_NANOS)) {
                suppressed.incrementAndGet();
                return;
            }
            long left = suppressed.getAndSet(0);
            LOG.log(Level.INFO, left == 0 ? message : message + " (and " + left + " more like it in the last second)");
        }
    }
}
