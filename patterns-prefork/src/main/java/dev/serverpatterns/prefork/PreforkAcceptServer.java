package dev.serverpatterns.prefork;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * <b>Preforked children, every child in accept</b>: the parent listens, then starts N child
 * processes up front, each with the listening socket as its descriptor 0; each child loops
 * accept-then-serve on it; the parent only supervises (UNP's serv02, csdesign's server03, the
 * Python networking book's server_multi.py with processes).
 *
 * <p>System calls: posix_spawn(3) N times (clone3 and execve of a new JVM), then, in every
 * child, accept(2) on descriptor 0. All N children sleep in accept on the same socket; when a
 * connection arrives the kernel wakes one of them (the listening socket's wait queue is
 * exclusive: no thundering herd since Linux 2.2). The socket stays blocking: a timed or
 * virtual-thread accept would set O_NONBLOCK on the open file description that all children share.
 *
 * <p>Trade-off: process creation is paid once, not per connection, and a child that crashes
 * takes only its own client with it. But N is the most clients served at once, every child is a
 * whole JVM (tens of MiB), and which child the kernel wakes decides the distribution.
 */
public final class PreforkAcceptServer implements ServerPattern {

    public PreforkAcceptServer() {
    }

    @Override
    public String name() {
        return "prefork-accept";
    }

    @Override
    public String description() {
        return "N child processes, started up front, each blocked in accept() on the one inherited listening socket";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.supervisedPool(WorkerModel.Worker.PROCESS);
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv02");
    }

    /** The parent: listen, then N children with the listening socket as their descriptor 0. */
    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        PreforkServer server = PreforkServer.listen(this, config, config.workers(), true);
        server.superviseChildren(config.workers(), slot -> server.listener().fd());
        server.awaitChildrenReady(); // serving, not just started: every child has the socket in hand
        return server;
    }

    /** A child: take the socket the parent gave (inetd's way), and loop accept-then-serve. */
    public static void main(String[] args) throws IOException {
        Child child = Child.start(args);
        var listener = (ServerSocketChannel) System.inheritedChannel();
        child.ready();
        while (true) {
            child.serve(listener.accept()); // blocking accept(2), on the one socket every child shares
        }
    }
}
