package dev.serverpatterns.nio;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * <b>Reactor with a worker pool</b>: one {@link java.nio.channels.Selector} thread does all the
 * waiting, accepting and reading; the protocol work on what it read (a request's handling, the
 * reply) runs on a fixed pool of N threads, and the connection comes back to the reactor when it is
 * done (Doug Lea's "worker thread pools"). While a worker owns a connection the reactor does not
 * watch it, so its requests are handled one at a time and in order.
 *
 * <p>System calls: epoll_wait(2), accept(2) and read(2) on the reactor; write(2) on the worker that
 * produced the reply; a futex to hand a task over and an eventfd write to wake the reactor.
 *
 * <p>Trade-off: a slow handler ({@code --work}) no longer stalls the loop, only a worker: N of
 * them run at once, and the rest of the connections keep being read. The price is two hand-offs per
 * request, and a copy of each read, which the pool keeps after the reactor's buffer is reused.
 */
public final class NioReactorPoolServer implements ServerPattern {

    public NioReactorPoolServer() {
    }

    @Override
    public String name() {
        return "nio-reactor-pool";
    }

    @Override
    public String description() {
        return "one Selector thread does the I/O; protocol work runs on a pool of N threads";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.reactorWithPool();
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        var server = SelectorLoop.listen(name(), config, 1);
        BlockingQueue<Consumer<ByteBuffer>> work = new LinkedBlockingQueue<>();
        for (int i = 0; i < config.workers(); i++) {
            server.startThread("worker-" + i, () -> doWork(work));
        }
        var reactor = new SelectorLoop(server, 0, (task, done) -> work.add(scratch -> {
            task.accept(scratch);
            done.run(); // back to the reactor, which watches the connection again
        }));
        reactor.accept(server.listener(), reactor::adopt);
        server.run(reactor, "reactor");
        return server;
    }

    /** A worker: takes tasks until interrupted by close(), lending each its own scratch buffer. */
    private static void doWork(BlockingQueue<Consumer<ByteBuffer>> work) {
        ByteBuffer scratch = ByteBuffer.allocateDirect(EventLoop.CHUNK);
        try {
            while (true) {
                work.take().accept(scratch);
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }
}
