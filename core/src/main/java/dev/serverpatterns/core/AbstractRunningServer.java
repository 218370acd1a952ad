package dev.serverpatterns.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of a {@link RunningServer} that is the same in every family: {@link #close()} runs the
 * family's {@link #stop()} once, however many threads call it, and keeps what {@code stop} could not
 * stop for {@link #leftAfterClose()}. A family's server then says only how it stops.
 */
public abstract class AbstractRunningServer implements RunningServer {

    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile List<String> unstopped = List.of();

    protected AbstractRunningServer() {
    }

    /**
     * Stops accepting, closes every connection and stops the workers, each within a bounded time;
     * called once, by the first {@link #close()}; never throws.
     *
     * @return the threads or processes still running when it gave up on them, by name
     */
    protected abstract List<String> stop();

    /** Whether {@link #close()} has not been called yet. */
    public final boolean isOpen() {
        return open.get();
    }

    @Override
    public final void close() {
        if (open.compareAndSet(true, false)) {
            unstopped = List.copyOf(stop());
        }
    }

    @Override
    public final List<String> leftAfterClose() {
        return unstopped;
    }
}
