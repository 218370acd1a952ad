package dev.serverpatterns.prefork;

import static dev.serverpatterns.core.nativeio.NativeSockets.callState;
import static dev.serverpatterns.core.nativeio.NativeSockets.errno;
import static dev.serverpatterns.core.nativeio.NativeSockets.failure;
import static dev.serverpatterns.core.nativeio.NativeSockets.rethrown;
import static dev.serverpatterns.core.nativeio.NativeSockets.unexpected;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.serverpatterns.core.nativeio.NativeSockets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * The C library calls the process family needs and the JDK does not offer, through FFM:
 * posix_spawn(3) with file actions (which descriptors a child gets), waitpid(2) (reaping),
 * fcntl(2) (a listening socket's blocking mode), socketpair(2), sendmsg(2)/recvmsg(2) with
 * {@code SCM_RIGHTS} (passing a descriptor), and poll(2). Sizes and constants are glibc's on
 * Linux x86-64 and arm64, checked on this machine: {@code posix_spawn_file_actions_t} 80 bytes,
 * {@code posix_spawnattr_t} 336, {@code sigset_t} 128, {@code msghdr} 56, {@code cmsghdr} 16.
 *
 * <p>Why posix_spawn and not fork(2): a JVM is multi-threaded, and a forked copy of it has only
 * the forking thread; any lock another thread held (the heap's, the JIT's) stays locked forever.
 * posix_spawn (a vfork-like clone3 plus execve on Linux) runs nothing of the parent in the child
 * but the file actions, then replaces it with a fresh JVM.
 */
final class Posix {

    private static final Linker LINKER = Linker.nativeLinker();

    private static final long FILE_ACTIONS_SIZE = 80;
    private static final long SPAWNATTR_SIZE = 336;
    private static final long SIGSET_SIZE = 128;
    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SIGHUP = 1;
    private static final int SIGINT = 2;
    private static final int SIGPIPE = 13;
    private static final int SIGTERM = 15;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    static final int O_NONBLOCK = 0x800;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int WNOHANG = 1;
    private static final int ECHILD = 10;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final long MSGHDR_SIZE = 56;
    private static final long CMSG_LEN_ONE_FD = 20; // CMSG_LEN(sizeof(int)): a 16-byte cmsghdr, then the descriptor
    private static final long CMSG_SPACE_ONE_FD = 24;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;

    private static final MethodHandle FILE_ACTIONS_INIT = NativeSockets.function("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_ADDDUP2 = NativeSockets.function("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FILE_ACTIONS_ADDOPEN = NativeSockets.function("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FILE_ACTIONS_ADDCLOSEFROM = NativeSockets.function(
            "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FILE_ACTIONS_DESTROY = NativeSockets.function("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SPAWNATTR_INIT = NativeSockets.function("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SPAWNATTR_SETFLAGS = NativeSockets.function("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle SPAWNATTR_SETPGROUP = NativeSockets.function("posix_spawnattr_setpgroup",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SPAWNATTR_SETSIGMASK = NativeSockets.function("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SPAWNATTR_SETSIGDEFAULT = NativeSockets.function("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SPAWNATTR_DESTROY = NativeSockets.function("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = NativeSockets.function("sigemptyset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGADDSET = NativeSockets.function("sigaddset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POSIX_SPAWN = NativeSockets.function("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle WAITPID = NativeSockets.function("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** fcntl(2) is variadic: the third argument is passed as a variadic int. */
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().find("fcntl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SOCKETPAIR = NativeSockets.function("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SENDMSG = NativeSockets.function("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = NativeSockets.function("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POLL = NativeSockets.function("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    /** The C library's {@code environ}: a child gets the parent's environment, as fork/exec would give it. */
    private static final MemorySegment ENVIRON = LINKER.defaultLookup().find("environ").orElseThrow()
            .reinterpret(ADDRESS.byteSize());

    private Posix() {
    }

    /**
     * posix_spawn(3) of {@code argv[0]} (an absolute path) with {@code socket} as the child's
     * descriptor 0 (/dev/null if {@code socket} is -1), /dev/null as 1, the parent's standard error as 2 (so a child's log lines and
     * its crash are seen where the parent's are), and nothing else: every descriptor from 3 up is
     * closed in the child before execve, whatever its close-on-exec flag (the JDK opens its
     * sockets without one). The child's signal mask is emptied and SIGTERM, SIGINT, SIGHUP and
     * SIGPIPE are reset to their defaults, whatever the spawning thread had; and it gets a process
     * group of its own, so that a terminal's Ctrl-C reaches the parent only, which then stops its
     * children in order (SIGTERM, a bounded wait, SIGKILL) rather than have them die under it.
     *
     * @return the child's process id
     */
    static long spawn(List<String> argv, int socket) throws IOException {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 8);
            MemorySegment attributes = arena.allocate(SPAWNATTR_SIZE, 8);
            check("posix_spawn_file_actions_init", (int) FILE_ACTIONS_INIT.invokeExact(state, actions));
            check("posix_spawnattr_init", (int) SPAWNATTR_INIT.invokeExact(state, attributes));
            try {
                if (socket >= 0) {
                    check("posix_spawn_file_actions_adddup2",
                            (int) FILE_ACTIONS_ADDDUP2.invokeExact(state, actions, socket, 0));
                } else {
                    check("posix_spawn_file_actions_addopen", (int) FILE_ACTIONS_ADDOPEN.invokeExact(state, actions, 0,
                            arena.allocateFrom("/dev/null"), O_RDONLY, 0));
                }
                check("posix_spawn_file_actions_addopen", (int) FILE_ACTIONS_ADDOPEN.invokeExact(state, actions, 1,
                        arena.allocateFrom("/dev/null"), O_WRONLY, 0));
                check("posix_spawn_file_actions_addclosefrom_np",
                        (int) FILE_ACTIONS_ADDCLOSEFROM.invokeExact(state, actions, 3));
                MemorySegment none = arena.allocate(SIGSET_SIZE, 8);
                check("sigemptyset", (int) SIGEMPTYSET.invokeExact(state, none));
                MemorySegment defaults = arena.allocate(SIGSET_SIZE, 8);
                check("sigemptyset", (int) SIGEMPTYSET.invokeExact(state, defaults));
                for (int signal : new int[] {SIGHUP, SIGINT, SIGPIPE, SIGTERM}) {
                    check("sigaddset", (int) SIGADDSET.invokeExact(state, defaults, signal));
                }
                check("posix_spawnattr_setsigmask", (int) SPAWNATTR_SETSIGMASK.invokeExact(state, attributes, none));
                check("posix_spawnattr_setsigdefault",
                        (int) SPAWNATTR_SETSIGDEFAULT.invokeExact(state, attributes, defaults));
                check("posix_spawnattr_setpgroup", (int) SPAWNATTR_SETPGROUP.invokeExact(state, attributes, 0));
                check("posix_spawnattr_setflags", (int) SPAWNATTR_SETFLAGS.invokeExact(state, attributes,
                        (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)));

                MemorySegment args = arena.allocate(ADDRESS, argv.size() + 1L); // NULL-terminated
                for (int i = 0; i < argv.size(); i++) {
                    args.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
                }
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment environment = ENVIRON.get(ADDRESS, 0);
                int error = (int) POSIX_SPAWN.invokeExact(state, pid, args.getAtIndex(ADDRESS, 0), actions,
                        attributes, args, environment);
                if (error != 0) { // posix_spawn returns the error number; it does not set errno
                    throw failure("posix_spawn " + argv.getFirst(), error);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FILE_ACTIONS_DESTROY.invokeExact(state, actions);
                ignored = (int) SPAWNATTR_DESTROY.invokeExact(state, attributes);
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    private static void check(String call, int error) throws IOException {
        if (error != 0) {
            throw failure(call, error);
        }
    }

    /**
     * waitpid(2) without waiting, on a child known to have ended: takes its exit status, so it
     * leaves no zombie. Returns the raw status, or -1 if it was already reaped.
     */
    static int reap(long pid) {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int result = (int) WAITPID.invokeExact(state, (int) pid, status, WNOHANG);
                if (result == pid) {
                    return status.get(JAVA_INT, 0);
                }
                if (result == 0) { // not ended after all (a caller's mistake): wait for it
                    result = (int) WAITPID.invokeExact(state, (int) pid, status, 0);
                    if (result == pid) {
                        return status.get(JAVA_INT, 0);
                    }
                }
                int errno = errno(state);
                if (errno == ECHILD) {
                    return -1;
                }
                if (errno != NativeSockets.EINTR) {
                    throw new IllegalStateException(failure("waitpid " + pid, errno));
                }
            }
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** fcntl(2) F_SETFL: sets or clears O_NONBLOCK on the open file description {@code fd} refers to. */
    static void setBlocking(int fd, boolean blocking) throws IOException {
        MemorySegment state = callState();
        try {
            int flags = (int) FCNTL.invokeExact(state, fd, F_GETFL, 0);
            if (flags < 0) {
                throw failure("fcntl F_GETFL", errno(state));
            }
            int wanted = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
            if ((int) FCNTL.invokeExact(state, fd, F_SETFL, wanted) < 0) {
                throw failure("fcntl F_SETFL", errno(state));
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** socketpair(2): two connected Unix-domain stream sockets, blocking, close-on-exec. */
    static int[] socketPair() throws IOException {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) SOCKETPAIR.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
                throw failure("socketpair", errno(state));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /**
     * sendmsg(2) of {@code data} with one descriptor attached as {@code SCM_RIGHTS} ancillary data:
     * the kernel installs a copy of {@code fd} in the receiving process, referring to the same open
     * file description (the same connection).
     */
    static void sendDescriptor(int socket, int fd, byte[] data) throws IOException {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment payload = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, data);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, payload);
            iov.set(JAVA_LONG, 8, data.length);
            MemorySegment control = arena.allocate(CMSG_SPACE_ONE_FD, 8);
            control.set(JAVA_LONG, 0, CMSG_LEN_ONE_FD); // cmsg_len
            control.set(JAVA_INT, 8, SOL_SOCKET);         // cmsg_level
            control.set(JAVA_INT, 12, SCM_RIGHTS);        // cmsg_type
            control.set(JAVA_INT, 16, fd);                // CMSG_DATA
            MemorySegment message = arena.allocate(MSGHDR_SIZE, 8);
            message.set(ADDRESS, 16, iov);                // msg_iov
            message.set(JAVA_LONG, 24, 1);                // msg_iovlen
            message.set(ADDRESS, 32, control);            // msg_control
            message.set(JAVA_LONG, 40, CMSG_SPACE_ONE_FD); // msg_controllen
            while (true) {
                long sent = (long) SENDMSG.invokeExact(state, socket, message, MSG_NOSIGNAL);
                if (sent == data.length) {
                    return;
                }
                if (sent >= 0) { // a stream socket with room for less than a few bytes: cannot happen here
                    throw new IOException("sendmsg sent " + sent + " of " + data.length + " bytes");
                }
                if (errno(state) != NativeSockets.EINTR) {
                    throw failure("sendmsg", errno(state));
                }
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** A descriptor received with {@link #sendDescriptor}, and the bytes that came with it. */
    record Received(int fd, byte[] data) {
    }

    /**
     * recvmsg(2), blocking: the next descriptor sent over {@code socket} (close-on-exec in this
     * process), with its data; null at end of input (the sender closed its end).
     */
    static Received receiveDescriptor(int socket, int maxData) throws IOException {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment payload = arena.allocate(maxData);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, payload);
            iov.set(JAVA_LONG, 8, maxData);
            MemorySegment control = arena.allocate(CMSG_SPACE_ONE_FD, 8);
            MemorySegment message = arena.allocate(MSGHDR_SIZE, 8);
            message.set(ADDRESS, 16, iov);
            message.set(JAVA_LONG, 24, 1);
            message.set(ADDRESS, 32, control);
            message.set(JAVA_LONG, 40, CMSG_SPACE_ONE_FD);
            long received;
            while ((received = (long) RECVMSG.invokeExact(state, socket, message, MSG_CMSG_CLOEXEC)) < 0) {
                if (errno(state) != NativeSockets.EINTR) {
                    throw failure("recvmsg", errno(state));
                }
            }
            if (received == 0) {
                return null;
            }
            long controlLength = message.get(JAVA_LONG, 40);
            if (controlLength < CMSG_LEN_ONE_FD || control.get(JAVA_INT, 8) != SOL_SOCKET
                    || control.get(JAVA_INT, 12) != SCM_RIGHTS) {
                throw new IOException("recvmsg: " + received + " bytes came without a descriptor");
            }
            return new Received(control.get(JAVA_INT, 16), payload.asSlice(0, received).toArray(
                    java.lang.foreign.ValueLayout.JAVA_BYTE));
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /**
     * poll(2) on {@code fds}, each for {@code events[i]}; fills {@code ready[i]} with what
     * happened (0, or POLLIN/POLLOUT/POLLERR/POLLHUP bits). Returns how many are ready, 0 on
     * timeout or when a signal came first.
     */
    static int poll(int[] fds, short[] events, short[] ready, int timeoutMillis) throws IOException {
        MemorySegment state = callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(8L * fds.length, 8);
            for (int i = 0; i < fds.length; i++) {
                pollfds.set(JAVA_INT, 8L * i, fds[i]);
                pollfds.set(JAVA_SHORT, 8L * i + 4, events[i]);
            }
            int n = (int) POLL.invokeExact(state, pollfds, (long) fds.length, timeoutMillis);
            if (n < 0) {
                if (errno(state) == NativeSockets.EINTR) {
                    return 0;
                }
                throw failure("poll", errno(state));
            }
            for (int i = 0; i < fds.length; i++) {
                ready[i] = pollfds.get(JAVA_SHORT, 8L * i + 6);
            }
            return n;
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }
}
