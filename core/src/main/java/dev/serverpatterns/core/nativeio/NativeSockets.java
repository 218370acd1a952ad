package dev.serverpatterns.core.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * The C library's socket calls, through FFM ({@code java.lang.foreign}), for the patterns that
 * need a descriptor the JDK does not give out (the loops that call select(2), poll(2) or epoll(7)
 * themselves, the process patterns that hand a socket to a child): a server socket made with socket(2), setsockopt(2), bind(2)
 * and listen(2); connections taken with accept4(2), already non-blocking; read(2), send(2),
 * close(2); an eventfd(2) to wake a loop. Every call captures {@code errno} with
 * {@link Linker.Option#captureCallState}, since the JVM may overwrite it between the call and
 * any later read of it. Constants are Linux's (x86-64 and arm64 agree on these).
 */
public final class NativeSockets {

    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ECONNABORTED = 103;
    /** The process (EMFILE) or the system (ENFILE) has no descriptor left for accept(2). */
    public static final int EMFILE = 24;
    public static final int ENFILE = 23;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_REUSEPORT = 15;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_NODELAY = 1;
    private static final int MSG_NOSIGNAL = 0x4000; // a write to a reset peer fails with EPIPE instead of raising SIGPIPE
    /** Large enough for a sockaddr_in6 (28 bytes); a sockaddr_in is 16. */
    private static final int SOCKADDR_SIZE = 28;
    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** Where each thread's calls leave errno; a loop calls from one thread, so one per thread is enough. */
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle SOCKET = function("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = function("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND = function("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = function("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = function("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ACCEPT4 = function("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = function("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = function("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SEND = function("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = function("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private NativeSockets() {
    }

    /** A downcall handle to the C library's {@code name}; its first argument is where errno is captured. */
    public static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor,
                Linker.Option.captureCallState("errno"));
    }

    /** This thread's call state, the first argument of every {@link #function} handle. */
    public static MemorySegment callState() {
        return STATE.get();
    }

    /** The errno the last call on this thread left in {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** {@code call failed: strerror(errno)}. */
    public static IOException failure(String call, int errno) {
        String text;
        try {
            text = ((MemorySegment) STRERROR.invokeExact(errno)).reinterpret(256).getString(0);
        } catch (Throwable t) {
            text = "errno " + errno;
        }
        return new IOException(call + " failed: " + text + " (errno " + errno + ")");
    }

    /** What a downcall, or the code around it, threw: an IOException as itself, anything unchecked thrown as is. */
    public static IOException rethrown(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        throw unexpected(t);
    }

    /** A downcall threw, which only a broken binding does: rethrow it unchecked (an Error as itself). */
    public static RuntimeException unexpected(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** socket(2), SO_REUSEADDR, bind(2), listen(2): a non-blocking listening socket on {@code address}. */
    public static NativeSocket listen(InetSocketAddress address, int backlog) throws IOException {
        return listen(address, backlog, false);
    }

    /**
     * The same, and with {@code reusePort} also SO_REUSEPORT: several sockets may then bind the
     * same address and port, and the kernel spreads incoming connections across them by a hash of
     * the connection's addresses.
     */
    public static NativeSocket listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        boolean v4 = address.getAddress() instanceof Inet4Address;
        MemorySegment state = callState();
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(state, v4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (fd < 0) {
            throw failure("socket", errno(state));
        }
        try (Arena arena = Arena.ofConfined()) {
            setOption(fd, SOL_SOCKET, SO_REUSEADDR);
            if (reusePort) {
                setOption(fd, SOL_SOCKET, SO_REUSEPORT);
            }
            MemorySegment sockaddr = sockaddr(arena, address);
            try {
                if ((int) BIND.invokeExact(state, fd, sockaddr, (int) sockaddr.byteSize()) != 0) {
                    throw failure("bind", errno(state));
                }
                if ((int) LISTEN.invokeExact(state, fd, backlog) != 0) {
                    throw failure("listen", errno(state));
                }
            } catch (Throwable t) {
                throw rethrown(t);
            }
            return new NativeSocket(fd, localAddress(fd, arena));
        } catch (IOException e) {
            close(fd);
            throw (IOException) new BindException("cannot listen on " + address + ": " + e.getMessage()).initCause(e);
        }
    }

    /**
     * accept4(2) on a non-blocking listening socket: the next connection, non-blocking, with
     * TCP_NODELAY; null when none is waiting.
     */
    public static NativeSocket accept(NativeSocket listener) throws IOException {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment peer = arena.allocate(SOCKADDR_SIZE);
            MemorySegment length = arena.allocate(JAVA_INT);
            while (true) {
                length.set(JAVA_INT, 0, SOCKADDR_SIZE);
                int fd;
                try {
                    fd = (int) ACCEPT4.invokeExact(state, listener.fd(), peer, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
                } catch (Throwable t) {
                    throw unexpected(t);
                }
                if (fd >= 0) {
                    var socket = new NativeSocket(fd, address(peer));
                    try {
                        setOption(fd, IPPROTO_TCP, TCP_NODELAY); // replies go out at once, as in the other designs
                    } catch (IOException e) {
                        socket.close();
                        throw e;
                    }
                    return socket;
                }
                int errno = errno(state);
                if (errno == EAGAIN) {
                    return null;
                }
                if (errno != EINTR && errno != ECONNABORTED) { // a client that left before accept: take the next
                    throw failure("accept4", errno);
                }
            }
        }
    }

    /** read(2): bytes read, 0 at end of input, -1 when none are ready (EAGAIN). */
    public static long read(int fd, MemorySegment into) throws IOException {
        MemorySegment state = callState();
        try {
            return orRetry("read", (long) READ.invokeExact(state, fd, into, into.byteSize()), state);
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** send(2) with MSG_NOSIGNAL: bytes the kernel took, 0 when it takes none now (EAGAIN). */
    public static long send(int fd, MemorySegment from) throws IOException {
        MemorySegment state = callState();
        try {
            long sent = (long) SEND.invokeExact(state, fd, from, from.byteSize(), MSG_NOSIGNAL);
            return Math.max(0, orRetry("send", sent, state));
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /**
     * A system call's result: {@code result} if it succeeded; -1 if it failed with EAGAIN (not
     * ready) or EINTR (a signal came first), for the caller to try again later; else the failure.
     */
    public static long orRetry(String call, long result, MemorySegment state) throws IOException {
        if (result >= 0) {
            return result;
        }
        int errno = errno(state);
        if (errno == EAGAIN || errno == EINTR) {
            return -1;
        }
        throw failure(call, errno);
    }

    /** write(2) of 8 bytes holding 1: adds one to an eventfd's counter, which makes it readable. */
    public static void signal(int eventFd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            long ignored = (long) WRITE.invokeExact(callState(), eventFd, one, 8L); // EAGAIN: already signalled
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** eventfd(2), non-blocking: a descriptor another thread makes readable to wake a loop. */
    public static int eventFd() throws IOException {
        MemorySegment state = callState();
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(state, 0, SOCK_NONBLOCK | SOCK_CLOEXEC); // EFD_NONBLOCK, EFD_CLOEXEC
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (fd < 0) {
            throw failure("eventfd", errno(state));
        }
        return fd;
    }

    /** close(2). */
    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(callState(), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static void setOption(int fd, int level, int option) throws IOException {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment on = arena.allocateFrom(JAVA_INT, 1);
            int result = (int) SETSOCKOPT.invokeExact(state, fd, level, option, on, (int) JAVA_INT.byteSize());
            if (result != 0) {
                throw failure("setsockopt", errno(state));
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    private static InetSocketAddress localAddress(int fd, Arena arena) throws IOException {
        MemorySegment state = callState();
        MemorySegment sockaddr = arena.allocate(SOCKADDR_SIZE);
        MemorySegment length = arena.allocateFrom(JAVA_INT, SOCKADDR_SIZE);
        int result;
        try {
            result = (int) GETSOCKNAME.invokeExact(state, fd, sockaddr, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (result != 0) {
            throw failure("getsockname", errno(state));
        }
        return address(sockaddr);
    }

    /**
     * A {@code struct sockaddr_in} (family, port in network order, 4 address bytes, zeros) or a
     * {@code struct sockaddr_in6} (family, port, flow info, 16 address bytes, scope id).
     */
    private static MemorySegment sockaddr(Arena arena, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        boolean v4 = ip.length == 4;
        MemorySegment sockaddr = arena.allocate(v4 ? 16 : 28);
        sockaddr.set(JAVA_SHORT, 0, (short) (v4 ? AF_INET : AF_INET6));
        sockaddr.set(NETWORK_SHORT, 2, (short) address.getPort());
        MemorySegment.copy(MemorySegment.ofArray(ip), 0, sockaddr, v4 ? 4 : 8, ip.length);
        return sockaddr;
    }

    private static InetSocketAddress address(MemorySegment sockaddr) throws UnknownHostException {
        boolean v4 = sockaddr.get(JAVA_SHORT, 0) == AF_INET;
        int port = Short.toUnsignedInt(sockaddr.get(NETWORK_SHORT, 2));
        byte[] ip = sockaddr.asSlice(v4 ? 4 : 8, v4 ? 4 : 16).toArray(ValueLayout.JAVA_BYTE);
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    }
}
