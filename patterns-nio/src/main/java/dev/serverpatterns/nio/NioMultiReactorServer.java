package dev.serverpatterns.nio;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import java.io.IOException;

/**
 * <b>Multiple reactors</b>: a main reactor only accepts, and hands each connection, round robin,
 * to one of N sub-reactors, each a {@link java.nio.channels.Selector} loop on its own thread that
 * serves the connection from then on (Doug Lea's "multiple reactors"; Netty's boss and worker groups).
 *
 * <p>System calls: accept(2) on the main reactor's thread; then a wakeup of the chosen sub-reactor
 * (a write to its eventfd) and, on its thread, epoll_ctl(2), epoll_wait(2), read(2), write(2).
 *
 * <p>Trade-off: the basic reactor's economy on every core: N loops, one per core. A connection
 * stays on its loop for life, so one busy connection or slow handler still stalls the others of
 * its loop, and round robin balances connections, not load.
 */
public final class NioMultiReactorServer implements ServerPattern {

    public NioMultiReactorServer() {
    }

    @Override
    public String name() {
        return "nio-multi-reactor";
    }

    @Override
    public String description() {
        return "a main reactor accepts and deals connections round robin to N sub-reactors, each a Selector thread";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(true);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        int n = config.workers();
        var server = SelectorLoop.listen(name(), config, n);
        var subReactors = new SelectorLoop[n];
        for (int i = 0; i < n; i++) {
            subReactors[i] = new SelectorLoop(server, i, null);
            server.run(subReactors[i], "sub-reactor-" + i);
        }
        var mainReactor = new SelectorLoop(server, 0, null);
        long[] accepted = {0}; // touched by the main reactor's thread only
        mainReactor.accept(server.listener(), channel -> subReactors[(int) (accepted[0]++ % n)].handOver(channel));
        server.run(mainReactor, "main-reactor");
        return server;
    }
}
