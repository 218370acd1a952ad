package dev.serverpatterns.epoll;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.io.IOException;

/**
 * <b>Netty on epoll, SO_REUSEPORT</b>: N event loops, and N listening sockets bound to the same
 * port with {@code SO_REUSEPORT}, one per loop, each serving what it accepts itself (nginx's
 * {@code reuseport}). The kernel spreads incoming connections over the sockets by a hash of the
 * addresses: no acceptor loop, no hand-over between threads.
 *
 * <p>System calls: as {@code netty-epoll}, but every loop calls accept4(2) on its own listening
 * socket; setsockopt(SO_REUSEPORT) before each bind(2). No eventfd wakeup to hand a connection over.
 *
 * <p>Trade-off: accepting scales with the loops and costs no cross-thread hand-over. But the
 * spread is a hash, not a count: with few clients (one host, a few ports) loops are unevenly
 * loaded, and a connection waiting in the queue of a busy loop waits even if another loop is idle.
 */
public final class NettyEpollReusePortServer implements ServerPattern {

    public NettyEpollReusePortServer() {
    }

    @Override
    public String name() {
        return "netty-epoll-reuseport";
    }

    @Override
    public String description() {
        return "Netty's native epoll transport: N event loops, each with its own SO_REUSEPORT listening socket";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(true);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        NettyServer.requireTransport(name(), "epoll", Epoll.isAvailable(), Epoll.unavailabilityCause());
        var server = new NettyServer(name(), config, EpollIoHandler.newFactory());
        int port = config.port();
        for (EventLoop loop : server.eventLoops()) { // the first bind picks the port (if 0), the others join it
            port = server.listen(server.bootstrap(EpollServerSocketChannel.class, loop, loop) // accepts and serves
                    .option(EpollChannelOption.SO_REUSEPORT, true), port);
        }
        return server;
    }
}
