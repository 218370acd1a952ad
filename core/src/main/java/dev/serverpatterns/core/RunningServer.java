package dev.serverpatterns.core;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A server that {@link ServerPattern#start started} and serves until it is closed.
 *
 * <p>{@link #close()} stops accepting, closes every connection and waits, for a bounded time,
 * for the pattern's threads (or processes) to end; afterwards the port can be bound again.
 */
public interface RunningServer extends AutoCloseable {

    /** The address actually bound; its port is the ephemeral one when the config asked for 0. */
    InetSocketAddress address();

    /** A consistent-enough snapshot of the live counters. */
    ServerStats stats();

    /** Stops the server; idempotent, never throws, returns within a bounded time. */
    @Override
    void close();

    /**
     * What {@link #close()} could not stop, by name: threads (platform or virtual) or processes
     * still running once it returned. Empty before close and after a clean one; the contract kit
     * fails on anything listed, so a leak is a test failure, not only a log line.
     */
    default List<String> leftAfterClose() {
        return List.of();
    }
}
