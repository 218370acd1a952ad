package dev.serverpatterns.epoll;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.loop.LoopConnection;
import dev.serverpatterns.core.loop.LoopServer;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.session.SessionDriver.Next;
import java.io.IOException;

/**
 * <b>epoll(7) through FFM</b>: the poll loop, with the list of descriptors kept in the kernel.
 * epoll_create1(2) makes an epoll instance once; epoll_ctl(2) adds a descriptor to it when a
 * connection arrives, changes what it waits for when the session driver changes its mind, and
 * removes it before close; epoll_wait(2) returns only the descriptors that are ready. One thread,
 * level-triggered, sockets made with socket(2) and accept4(2): the C yardstick's shape, in Java.
 *
 * <p>System calls: epoll_wait(2) per wake; read(2) and send(2) per ready connection; epoll_ctl(2)
 * per connection at accept and close, and when it turns from reading to writing or back.
 *
 * <p>Trade-off: a wake costs what is ready, not what is watched, so ten thousand idle connections
 * cost nothing per wake; but Linux only, one more descriptor, a system call per change of interest
 * (poll changes it for free, in its array), and one thread for everything.
 */
public final class EpollFfmServer implements ServerPattern {

    public EpollFfmServer() {
    }

    @Override
    public String name() {
        return "epoll-ffm";
    }

    @Override
    public String description() {
        return "one thread, one loop over epoll(7), called through FFM: the interest list lives in the kernel";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(false);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        return EpollLoop.serve(name(), config, LevelTriggered::new); // one thread accepts and serves
    }

    /** Level-triggered: the kernel's list says what the driver wants now, and a ready descriptor is reported every wait. */
    static final class LevelTriggered extends EpollLoop {

        LevelTriggered(LoopServer<NativeSocket> server) throws IOException {
            super(server);
        }

        /** epoll_ctl ADD the first time, MOD after: the only place the kernel's list changes. */
        @Override
        protected void interestChanged(LoopConnection c) throws IOException {
            register(c, c.interest() == Next.READ ? EPOLLIN : c.interest() == Next.WRITE ? EPOLLOUT : 0);
        }

        /**
         * One read or one write, as the connection waits for: EPOLLIN or EPOLLOUT, or EPOLLERR and
         * EPOLLHUP, which come whatever was asked for, and which the read or write then explains.
         * Input left in the socket is reported again by the next epoll_wait.
         */
        @Override
        protected void ready(LoopConnection c, int events) {
            if (c.interest() == Next.READ) {
                readable(c);
            } else if (c.interest() == Next.WRITE) {
                writable(c);
            }
        }
    }
}
