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
 * <b>Iterative</b>: one thread accepts a client, serves it to the end, then accepts the next
 * (UNP's serv00, the tutorial's first server).
 *
 * <p>System calls: socket, bind, listen; then forever accept, read/write until EOF, close.
 *
 * <p>Trade-off: nothing could be simpler, and nothing is cheaper per connection, which is why
 * Stevens subtracts its CPU time from every other row of his table. But a second client waits
 * in the listen backlog for as long as the first one stays connected: one idle {@code nc}
 * stops the whole server.
 */
public final class IterativeServer implements ServerPattern {

    public IterativeServer() {
    }

    @Override
    public String name() {
        return "iterative";
    }

    @Override
    public String description() {
        return "one thread accepts a client and serves it to the end before accepting the next";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.oneAtATime();
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv00");
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        BlockingServer server = BlockingServer.listen(name(), config, 1);
        server.startThread("main", () -> {
            Socket client;
            while ((client = server.accept()) != null) {
                server.serve(client, 0); // the next accept waits until this client is done
            }
        });
        return server;
    }
}
