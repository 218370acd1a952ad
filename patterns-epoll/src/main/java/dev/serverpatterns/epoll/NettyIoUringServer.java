package dev.serverpatterns.epoll;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.io.IOException;

/**
 * <b>Netty on io_uring</b>: the same N event loops, but each asks the kernel to <i>do</i> the
 * I/O rather than to say when it could be done. A loop puts requests (accept, recv, send) in a
 * submission ring shared with the kernel, and reaps their results from a completion ring:
 * completion instead of readiness.
 *
 * <p>System calls: io_uring_enter(2), which submits every queued request and waits for
 * completions in one call; no recvfrom(2), sendto(2) or epoll_wait(2): the data moves inside the
 * kernel, and a wake reaps a batch of completions at once. The acceptor still wakes the loop it
 * hands a connection to with an eventfd write.
 *
 * <p>Trade-off: fewer system calls per round trip, more so as more connections are busy at once
 * (one io_uring_enter carries many sends and receives). But each connection has a receive in
 * flight with a buffer behind it, the ring and its memory are per loop, and io_uring is often
 * disabled (containers' seccomp profiles, some distributions) for its history of kernel bugs.
 */
public final class NettyIoUringServer implements ServerPattern {

    public NettyIoUringServer() {
    }

    @Override
    public String name() {
        return "netty-io-uring";
    }

    @Override
    public String description() {
        return "Netty's io_uring transport: completions instead of readiness, N event loops";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(true);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        NettyServer.requireTransport(name(), "io_uring", IoUring.isAvailable(), IoUring.unavailabilityCause());
        var server = new NettyServer(name(), config, IoUringIoHandler.newFactory());
        server.listen(server.bootstrap(IoUringServerSocketChannel.class), config.port()); // one socket, one acceptor
        return server;
    }
}
