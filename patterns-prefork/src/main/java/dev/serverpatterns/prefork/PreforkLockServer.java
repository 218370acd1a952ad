package dev.serverpatterns.prefork;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * <b>Preforked children, a file lock around accept</b>: as prefork-accept, except that a child
 * takes an fcntl(2) record lock before it calls accept, so that only one child at a time sleeps
 * in accept; the others sleep on the lock (UNP's serv03).
 *
 * <p>System calls: fcntl(F_SETLKW) on a file every child opened (the JDK's
 * {@code FileChannel.lock()} is exactly that), accept(2), fcntl(F_SETLK, F_UNLCK). Stevens
 * needed the lock because some kernels (SVR4, BSD/OS with select) wake every process blocked on
 * the socket, or fail accept in all but one; Linux does neither, so here the lock only costs two
 * more system calls per connection, and decides, by the kernel's lock hand-off order, who takes
 * the next connection.
 *
 * <p>Trade-off: the same as prefork-accept, plus the lock's cost; the lock file is the one file
 * the children already share, their counters.
 */
public final class PreforkLockServer implements ServerPattern {

    public PreforkLockServer() {
    }

    @Override
    public String name() {
        return "prefork-lock";
    }

    @Override
    public String description() {
        return "N child processes, started up front, taking turns under an fcntl() lock to accept() on the one socket";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.supervisedPool(WorkerModel.Worker.PROCESS);
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv03");
    }

    /** The parent: the same as prefork-accept's. */
    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        PreforkServer server = PreforkServer.listen(this, config, config.workers(), true);
        server.superviseChildren(config.workers(), slot -> server.listener().fd());
        server.awaitChildrenReady(); // serving, not just started: every child has the socket in hand
        return server;
    }

    /** A child: lock, accept, unlock, serve. */
    public static void main(String[] args) throws IOException {
        Child child = Child.start(args);
        var listener = (ServerSocketChannel) System.inheritedChannel();
        child.ready();
        try (var lockFile = FileChannel.open(child.countersFile(), StandardOpenOption.WRITE)) {
            while (true) {
                SocketChannel connection;
                try (FileLock held = lockFile.lock()) { // fcntl(F_SETLKW): one child at a time sleeps in accept
                    connection = listener.accept();
                }
                child.serve(connection);
            }
        }
    }
}
