package dev.serverpatterns.core;

import java.net.InetSocketAddress;

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
}
