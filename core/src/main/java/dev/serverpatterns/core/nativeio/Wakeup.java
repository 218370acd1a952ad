package dev.serverpatterns.core.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An eventfd(2) that other threads make readable to wake a loop blocked in select(2), poll(2) or
 * epoll_wait(2) on it. {@link #signal} may come from any thread at any time, even while the loop
 * closes: it never writes to a descriptor number that close(2) has already given back (and the
 * kernel may have handed to a new connection).
 */
public final class Wakeup implements AutoCloseable {

    private final int fd;
    private final MemorySegment drained = Arena.ofAuto().allocate(8);
    private boolean closed; // guarded by this

    public Wakeup() throws IOException {
        this.fd = NativeSockets.eventFd();
    }

    /** The descriptor to watch for readability. */
    public int fd() {
        return fd;
    }

    /** Makes {@link #fd()} readable; any thread; nothing once closed. */
    public synchronized void signal() {
        if (!closed) {
            NativeSockets.signal(fd);
        }
    }

    /** Reads the counter back to zero, so that the descriptor is not readable until the next signal; the loop's thread. */
    public void drain() throws IOException {
        NativeSockets.read(fd, drained);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            NativeSockets.close(fd);
        }
    }
}
