/**
 * The Linux family: Netty 4.2's native transports (epoll, with one listening socket or one per
 * loop through SO_REUSEPORT, and io_uring) driving core's session driver, and a raw epoll(7)
 * loop whose system calls are made directly through FFM, level- and edge-triggered.
 */
module dev.serverpatterns.epoll {
    requires dev.serverpatterns.core;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    // the native libraries: modules with no packages, required so that they are resolved at all
    requires io.netty.transport.epoll.linux.x86_64;
    requires io.netty.transport.io_uring.linux.x86_64;

    provides dev.serverpatterns.core.ServerPattern with
            dev.serverpatterns.epoll.NettyEpollServer,
            dev.serverpatterns.epoll.NettyEpollReusePortServer,
            dev.serverpatterns.epoll.NettyIoUringServer,
            dev.serverpatterns.epoll.EpollFfmServer,
            dev.serverpatterns.epoll.EpollFfmEdgeServer;
}
