package dev.serverpatterns.blocking;

import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.blocking.BlockingServer;
import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * <b>Prethreaded, main thread accepts</b>: one thread accepts and puts each connection on a
 * queue; a fixed pool of N workers takes connections off the queue and serves them (UNP's
 * serv08, the classic Java server: an acceptor and an executor).
 *
 * <p>System calls: accept on the main thread only; the hand-off is a lock and a condition
 * variable in user space (futex(2)), where UNP's serv08 uses a mutex-protected array.
 *
 * <p>Trade-off: exactly one thread is in accept, so there is nothing to contend for there; the
 * queue decouples accepting from serving and is bounded, so a full pool pushes back on accept
 * rather than growing. In Stevens' table it costs a little more CPU than every thread in accept
 * (2.05 s against 1.93 s): each connection now crosses two threads. Like every fixed pool, N busy
 * clients block the rest; up to N more wait in the queue, admitted but not yet served.
 */
public final class PrethreadedPoolServer implements ServerPattern {

    public PrethreadedPoolServer() {
    }

    @Override
    public String name() {
        return "prethreaded-pool";
    }

    @Override
    public String description() {
        return "a main thread accepts and hands each connection to a fixed pool of N threads through a queue";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.supervisedPool(WorkerModel.Worker.THREAD);
    }

    @Override
    public Optional<String> unpServer() {
        return Optional.of("serv08");
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        BlockingServer server = BlockingServer.listen(name(), config, config.workers());
        BlockingQueue<Socket> accepted = new ArrayBlockingQueue<>(config.workers());
        server.startThread("acceptor", () -> {
            Socket client;
            while ((client = server.accept()) != null) {
                try {
                    accepted.put(client); // blocks while every worker is busy and the queue is full
                } catch (InterruptedException e) {
                    Connections.closeQuietly(client); // close() interrupts
                    return;
                }
            }
        });
        server.superviseWorkers(config.workers(), worker -> {
            while (server.isOpen()) {
                try {
                    server.serve(accepted.take(), worker);
                } catch (InterruptedException e) {
                    return; // close() interrupts
                }
            }
        });
        return server;
    }
}
