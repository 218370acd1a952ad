package dev.serverpatterns.nio;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import java.io.IOException;

/**
 * <b>java.nio reactor</b>: one thread waits on a {@link java.nio.channels.Selector} for any of
 * its sockets to be ready, and dispatches each ready key to what is attached to it: the acceptor
 * for the listening socket, a connection's handler for the others (Doug Lea's basic reactor,
 * <i>Scalable IO in Java</i>).
 *
 * <p>System calls: on Linux the selector is epoll: epoll_ctl(2) when a key's interest changes,
 * epoll_wait(2) to wait; accept(2), read(2) and write(2) on non-blocking sockets, all on one thread.
 *
 * <p>Trade-off: no thread per connection, so an idle connection costs a key and a session, not a
 * stack, and ten thousand of them are cheap. But everything runs on one thread and one core, and
 * a handler that blocks or computes (a slow {@code --work}) stalls every other connection.
 */
public final class NioReactorServer implements ServerPattern {

    public NioReactorServer() {
    }

    @Override
    public String name() {
        return "nio-reactor";
    }

    @Override
    public String description() {
        return "one Selector thread accepts and serves every connection: Doug Lea's basic reactor";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(false);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        var server = SelectorLoop.listen(name(), config, 1);
        var reactor = new SelectorLoop(server, 0, null);
        reactor.accept(server.listener(), reactor::adopt); // the one thread accepts, and serves what it accepted
        server.run(reactor, "reactor");
        return server;
    }
}
