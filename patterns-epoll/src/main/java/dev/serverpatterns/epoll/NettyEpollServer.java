package dev.serverpatterns.epoll;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.io.IOException;

/**
 * <b>Netty on epoll</b>: N event loops, each a thread in epoll_wait(2) over its own epoll set,
 * through Netty 4.2's native transport (JNI, not the JDK's selector). One listening socket is
 * registered on one of the loops; what it accepts is dealt to the loops in turn and served there
 * for life: the multiple reactors of the java.nio family, with Netty's machinery under them.
 *
 * <p>System calls: epoll_pwait2(2) per wake (level-triggered), then for each ready connection
 * recvfrom(2) into a pooled direct buffer and sendto(2) of what the protocol produced, flushed
 * once per read batch; accept4(2) on the acceptor's loop and an eventfd write to wake the loop it
 * hands the connection to; epoll_ctl(2) only when interest changes (back-pressure).
 *
 * <p>Trade-off: the reactor's economy and Netty's tuning (pooled direct buffers, no JDK selector
 * layer, timers in the loop) for a dependency and a native library per platform. As with every
 * reactor, a slow handler stalls every connection of its loop.
 */
public final class NettyEpollServer implements ServerPattern {

    public NettyEpollServer() {
    }

    @Override
    public String name() {
        return "netty-epoll";
    }

    @Override
    public String description() {
        return "Netty's native epoll transport: one listening socket, connections dealt to N event loops";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(true);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        NettyServer.requireTransport(name(), "epoll", Epoll.isAvailable(), Epoll.unavailabilityCause());
        var server = new NettyServer(name(), config, EpollIoHandler.newFactory());
        server.listen(server.bootstrap(EpollServerSocketChannel.class), config.port()); // one socket, one acceptor
        return server;
    }
}
