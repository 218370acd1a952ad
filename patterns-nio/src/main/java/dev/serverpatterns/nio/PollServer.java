package dev.serverpatterns.nio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.nativeio.NativeSockets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * <b>poll(2)</b>: the select server's loop, with the descriptors to watch given as an array of
 * {@code struct pollfd} (descriptor, events wanted, events that happened) instead of bit sets
 * (UNP ch. 6's poll server). Called here directly, through FFM, on sockets made with socket(2) and
 * accept4(2).
 *
 * <p>System calls: poll(2) per wake; accept4(2), read(2), send(2) on non-blocking sockets.
 *
 * <p>Trade-off: no {@code FD_SETSIZE}: any descriptor number can be watched, and the array is as
 * long as the connections, not as the highest descriptor. But like select every wait still copies
 * and scans every watched descriptor, however few are ready: the cost grows with connections, not
 * with activity, which is what epoll fixes.
 */
public final class PollServer implements ServerPattern {

    /** {@code struct pollfd { int fd; short events; short revents; }}: 8 bytes. */
    private static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    private static final VarHandle FD = POLLFD.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("fd"));
    private static final VarHandle EVENTS = POLLFD.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("events"));
    private static final VarHandle REVENTS = POLLFD.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("revents"));
    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}; glibc's nfds_t is an unsigned long. */
    private static final MethodHandle POLL = NativeSockets.function("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    public PollServer() {
    }

    @Override
    public String name() {
        return "poll";
    }

    @Override
    public String description() {
        return "the select loop over poll(2), called through FFM: no descriptor limit";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(false);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        return ReadinessLoop.serve(name(), config, Integer.MAX_VALUE, PollServer::poll); // one thread accepts and serves
    }

    /** One wait: an array of pollfd in, poll(2), the revents it filled in out. */
    private static void poll(int[] fds, short[] wanted, short[] ready, int count, long timeoutMillis)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(POLLFD, count);
            for (int i = 0; i < count; i++) {
                FD.set(pollfds, 0L, (long) i, fds[i]);
                EVENTS.set(pollfds, 0L, (long) i, wanted[i]);
            }
            int timeout = (int) Math.min(timeoutMillis, Integer.MAX_VALUE); // -1: no limit
            MemorySegment state = NativeSockets.callState();
            long n; // -1: a signal came first (EINTR), so nothing is ready
            try {
                n = NativeSockets.orRetry("poll", (int) POLL.invokeExact(state, pollfds, (long) count, timeout), state);
            } catch (Throwable t) {
                throw NativeSockets.rethrown(t);
            }
            for (int i = 0; i < count; i++) {
                ready[i] = n <= 0 ? 0 : (short) REVENTS.get(pollfds, 0L, (long) i);
            }
        }
    }
}
