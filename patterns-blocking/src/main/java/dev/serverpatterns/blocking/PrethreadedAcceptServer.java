package dev.serverpatterns.blocking;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.blocking.BlockingServer;
import java.io.IOException;
import java.net.Socket;
import java.util.Optional;

/**
 * <b>Prethreaded, every thread in accept</b>: N worker threads are created up front; each one
 * loops accept-then-serve on the same listening socket; a supervisor replaces a worker that
 * dies (UNP's serv07, the multi-worker server of the Python networking book).
 *
 * <p>System calls: no clone(2) per connection. Who gets the next connection? In C, Stevens
 * wraps accept in a mutex so that only one thread sleeps in the kernel at a time. Java's
 * {@code ServerSocket.accept} takes a lock around the accept(2) for you, so this is his
 * "mutex locking around accept" design, with the lock's hand-off order deciding the
 * distribution that {@code serve}'s exit table prints.
 *
 * <p>Trade-off: thread creation is paid once, not per connection. But N is also the most
 * clients served at once: the N+1th waits in the backlog until a worker is free, exactly as
 * with the iterative server, just N times later.
 */
public final class PrethreadedAcceptServer implements ServerPattern {

    public PrethreadedAcceptServer() {
    }

    @Override
    public String name() {
        return "prethreaded-accept";
    }

    @Override
    public String description() {
        return "N threads, created up front, each blocked in accept() on one listening socket";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.supervisedPool(WorkerModel.Worker.THREAD);
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv07");
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        BlockingServer server = BlockingServer.listen(name(), config, config.workers());
        server.superviseWorkers(config.workers(), worker -> {
            Socket client;
            while ((client = server.accept()) != null) {
                server.serve(client, worker);
            }
        });
        return server;
    }
}
