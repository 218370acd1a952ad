package dev.serverpatterns.prefork;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.nativeio.NativeSockets;
import dev.serverpatterns.core.workers.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * <b>A child process per client</b>: the parent accepts; for each connection it starts a new child
 * JVM with the connected socket as its descriptor 0, closes its own copy, and goes back to accept;
 * the child serves that one client and exits; the parent reaps it (UNP's serv01, csdesign's
 * server01, inetd's "nowait" services).
 *
 * <p>System calls, per connection: accept4(2) in the parent, posix_spawn(3) (clone3 and execve),
 * close(2) of the parent's copy; in the child a whole JVM start, then read/write on descriptor 0,
 * and exit; in the parent, waitpid(2) once the JDK has seen the child end.
 *
 * <p>Trade-off: the simplest process design, and a crash takes one client with it. But a C
 * server's fork costs a fraction of a millisecond; a JVM's start costs tens to hundreds (class
 * loading, linking, JIT warm-up of a process that never gets warm) and tens of MiB, per
 * connection. A JDK AOT cache, trained by the first child ({@link AotCache}), cuts the start.
 */
public final class ForkPerClientServer implements ServerPattern {

    /** Children alive at once, at most: what the machine's memory holds ({@link ChildJvm#MAX_CHILDREN}). */
    static final int MAX_CHILDREN = ChildJvm.MAX_CHILDREN;
    private static final System.Logger LOG = System.getLogger(ForkPerClientServer.class.getName());

    public ForkPerClientServer() {
    }

    @Override
    public String name() {
        return "fork-per-client";
    }

    @Override
    public String description() {
        return "the parent accepts; a new child process (a JVM) serves each connection, then exits and is reaped";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.perConnection(WorkerModel.Worker.PROCESS);
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv01");
    }

    /** The parent: accept, spawn a child with the connection as its fd 0, close our copy, repeat. */
    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        int slots = Math.min(config.maxConnections(), MAX_CHILDREN); // a slot of counters per live child
        PreforkServer server = PreforkServer.listenInParent(this, config, slots, false);
        var freeSlots = new ConcurrentLinkedQueue<>(IntStream.range(0, slots).boxed().toList());
        AotCache aot = AotCache.forChildren(name());
        int wakeFd = NativeSockets.eventFd();
        server.beforeStop(() -> NativeSockets.signal(wakeFd));
        server.workers().startThread("acceptor", () -> {
            try {
                while (server.isOpen()) {
                    Posix.poll(new int[] {wakeFd, server.listener().fd()},
                            new short[] {Posix.POLLIN, Posix.POLLIN}, new short[2], -1);
                    NativeSocket connection;
                    while ((connection = NativeSockets.accept(server.listener())) != null) {
                        forkChild(server, connection, freeSlots, aot);
                        connection.close(); // the child has its own copy now
                    }
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(Level.ERROR, name() + ": accept failed", e);
                }
            } finally {
                NativeSockets.close(wakeFd);
            }
        });
        return server;
    }

    private static void forkChild(PreforkServer server, NativeSocket connection,
                                  ConcurrentLinkedQueue<Integer> freeSlots, AotCache aot) {
        Integer slot = freeSlots.poll();
        if (slot == null) {
            long refused = server.counters().refusedByParent();
            if (Long.bitCount(refused) == 1) { // the 1st, 2nd, 4th, 8th...: a flood of clients is not a flood of lines
                LOG.log(Level.WARNING, "fork-per-client: refused {0} ({1} so far): as many children are alive as it "
                        + "has slots for (--max-connections, at most " + MAX_CHILDREN + ", what half the memory holds)",
                        connection, refused);
            }
            return;
        }
        List<String> flags = aot == null ? List.of() : aot.flags();
        Worker child;
        try {
            child = server.workers().start(() -> {
                try {
                    return server.spawn(slot, server.workers().workerName("child-" + slot), connection.fd(), flags);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) { // EAGAIN or ENOMEM from posix_spawn: this client is refused
            LOG.log(Level.WARNING, "fork-per-client: cannot start a child for {0}: {1}", connection, e.getCause());
            server.counters().refusedByParent();
            child = null;
        }
        if (child == null) {
            freeSlots.add(slot);
        } else {
            child.onExit().whenComplete((ended, failure) -> freeSlots.add(slot)); // reaped and reclaimed by then
        }
    }

    /** A child: serve the one connection on descriptor 0, then exit. */
    public static void main(String[] args) throws IOException {
        Child child = Child.start(args);
        // The JDK tells a listening socket from a connected one by getpeername(2): a client that
        // left while this JVM started makes its socket look like a listening one. Nothing to serve.
        if (System.inheritedChannel() instanceof SocketChannel connection) {
            child.serve(connection);
        }
    }
}
