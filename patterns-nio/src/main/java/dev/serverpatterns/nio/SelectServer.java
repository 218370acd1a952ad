package dev.serverpatterns.nio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
import java.lang.invoke.MethodHandle;

/**
 * <b>select(2)</b>: one thread, one loop: before each wait, mark in a bit set every descriptor
 * to watch for reading and in another every one to watch for writing; select(2) clears the bits
 * of those that are not ready; serve the ones left (csdesign's server02, UNP ch. 6's select server).
 * Called here directly, through FFM, on sockets made with socket(2) and accept4(2).
 *
 * <p>System calls: select(2) per wake; accept4(2), read(2), send(2) on non-blocking sockets.
 *
 * <p>Trade-off: one thread serves thousands of idle connections at the cost of a bit each. But
 * every wait copies and scans the whole set, in the kernel and here, however few are ready, and an
 * {@code fd_set} holds descriptors below {@code FD_SETSIZE} (1024) only: a connection whose number
 * is higher is refused, since marking it would write past the set.
 */
public final class SelectServer implements ServerPattern {

    /** The descriptors an {@code fd_set} can hold: 1024 bits, sixteen 64-bit words, 128 bytes. */
    static final int FD_SETSIZE = 1024;
    private static final MemoryLayout FD_SET = MemoryLayout.sequenceLayout(FD_SETSIZE / 64, JAVA_LONG);
    /** {@code struct timeval}: seconds and microseconds, two longs. */
    private static final MemoryLayout TIMEVAL = MemoryLayout.sequenceLayout(2, JAVA_LONG);
    private static final MethodHandle SELECT = NativeSockets.function("select",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    public SelectServer() {
    }

    @Override
    public String name() {
        return "select";
    }

    @Override
    public String description() {
        return "one thread, one loop over select(2), called through FFM";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(false);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        return ReadinessLoop.serve(name(), config, FD_SETSIZE, SelectServer::select); // one thread accepts and serves
    }

    /** One wait: two bit sets in, select(2), the bits it left set out. */
    private static void select(int[] fds, short[] wanted, short[] ready, int count, long timeoutMillis)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment readable = arena.allocate(FD_SET); // zeroed: FD_ZERO
            MemorySegment writable = arena.allocate(FD_SET);
            int highest = -1;
            for (int i = 0; i < count; i++) {
                setBit(wanted[i] == ReadinessLoop.IN ? readable : writable, fds[i]); // FD_SET
                highest = Math.max(highest, fds[i]);
            }
            MemorySegment timeout = MemorySegment.NULL; // no limit
            if (timeoutMillis >= 0) {
                timeout = arena.allocate(TIMEVAL);
                timeout.setAtIndex(JAVA_LONG, 0, timeoutMillis / 1000);
                timeout.setAtIndex(JAVA_LONG, 1, timeoutMillis % 1000 * 1000);
            }
            MemorySegment state = NativeSockets.callState();
            long n; // -1: a signal came first (EINTR), so nothing is ready
            try {
                n = NativeSockets.orRetry("select", (int) SELECT.invokeExact(state, highest + 1, readable, writable, MemorySegment.NULL, timeout), state);
            } catch (Throwable t) {
                throw NativeSockets.rethrown(t);
            }
            for (int i = 0; i < count; i++) { // FD_ISSET
                ready[i] = n <= 0 ? 0 : (short) ((isSet(readable, fds[i]) ? ReadinessLoop.IN : 0)
                        | (isSet(writable, fds[i]) ? ReadinessLoop.OUT : 0));
            }
        }
    }

    private static void setBit(MemorySegment set, int fd) {
        set.setAtIndex(JAVA_LONG, fd / 64, set.getAtIndex(JAVA_LONG, fd / 64) | 1L << (fd % 64));
    }

    private static boolean isSet(MemorySegment set, int fd) {
        return (set.getAtIndex(JAVA_LONG, fd / 64) & 1L << (fd % 64)) != 0;
    }
}
