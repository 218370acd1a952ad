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
 * <b>Thread per client</b>: the main thread accepts; each client gets a new platform thread
 * that serves it and ends (UNP's serv06, PP4E's thread server, the tutorial's second server).
 *
 * <p>System calls: accept on one thread; clone(2) per connection, then read/write on that thread.
 *
 * <p>Trade-off: a slow or idle client costs one thread, not the whole server, and the code is
 * the iterative server's with one line changed. But every connection pays for creating a thread
 * (in Stevens' table it is still the cheapest concurrent design), and every live connection holds
 * a kernel thread and its stack: thousands of clients means thousands of threads to schedule.
 */
public final class ThreadPerClientServer implements ServerPattern {

    public ThreadPerClientServer() {
    }

    @Override
    public String name() {
        return "thread-per-client";
    }

    @Override
    public String description() {
        return "the main thread accepts; each client gets a new platform thread";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.perConnection(WorkerModel.Worker.THREAD);
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv06");
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        BlockingServer server = BlockingServer.listen(name(), config, 1);
        server.startThread("acceptor", () -> {
            Socket client;
            long clients = 0;
            while ((client = server.accept()) != null) {
                Socket accepted = client;
                try {
                    server.startThread("client-" + ++clients, () -> server.serve(accepted, 0));
                } catch (OutOfMemoryError noThreadForThisClient) { // the design's limit: refuse, keep accepting
                    server.refuse(accepted, noThreadForThisClient);
                }
            }
        });
        return server;
    }
}
