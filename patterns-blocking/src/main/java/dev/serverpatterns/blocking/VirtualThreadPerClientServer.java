package dev.serverpatterns.blocking;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.blocking.BlockingServer;
import java.io.IOException;
import java.net.Socket;

/**
 * <b>Virtual thread per client</b>: the thread-per-client server, word for word, except that
 * each client gets a virtual thread.
 *
 * <p>System calls: the same accept, but a client's read that would block does not block a
 * kernel thread: the JDK parks the virtual thread, registers the socket with its poller
 * (epoll on Linux) and runs another virtual thread on the carrier. So the code reads like a
 * thread per client and runs like an event loop with a small pool of carrier threads.
 *
 * <p>Trade-off: an idle connection costs a parked virtual thread and its buffers on the heap
 * (a few tens of KiB) instead of a kernel thread and its stack, so tens of thousands of clients
 * fit. What still hurts: work that pins the carrier (a long computation, a native call) holds
 * one of only a few carriers.
 */
public final class VirtualThreadPerClientServer implements ServerPattern {

    public VirtualThreadPerClientServer() {
    }

    @Override
    public String name() {
        return "virtual-thread-per-client";
    }

    @Override
    public String description() {
        return "the thread-per-client server with a virtual thread per client";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.perConnection(WorkerModel.Worker.VIRTUAL_THREAD);
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
                    server.startVirtualThread("client-" + ++clients, () -> server.serve(accepted, 0));
                } catch (OutOfMemoryError noThreadForThisClient) { // the design's limit: refuse, keep accepting
                    server.refuse(accepted, noThreadForThisClient);
                }
            }
        });
        return server;
    }
}
