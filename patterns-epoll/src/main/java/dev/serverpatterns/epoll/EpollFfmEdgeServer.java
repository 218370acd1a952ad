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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * <b>epoll(7), edge-triggered</b>: epoll-ffm with {@code EPOLLET}. Each connection is added once,
 * for input and output at the same time, and never changed: the kernel reports a descriptor when
 * its state <em>changes</em> (input arrives, room frees up for output), not while it stays ready.
 * The rule that buys: on an input event, read until read(2) says EAGAIN, for no second event
 * will come for input already there; and when reading stops for another reason (the session's
 * output waits for the peer, or this connection had its share of the wake), remember that input is
 * left and come back to it unasked.
 *
 * <p>System calls: epoll_wait(2) per wake; read(2) until EAGAIN and send(2) per ready connection;
 * epoll_ctl(2) only at accept (ADD) and close (DEL), never when the session turns from reading to
 * writing.
 *
 * <p>Trade-off: no epoll_ctl per change of interest, and a connection whose output waits costs no
 * wakes while it does; but one more read(2) per wake (the one that says EAGAIN), and a forgotten
 * read stalls a connection silently, forever: the bug edge-triggered loops are known for.
 */
public final class EpollFfmEdgeServer implements ServerPattern {

    public EpollFfmEdgeServer() {
    }

    @Override
    public String name() {
        return "epoll-ffm-edge";
    }

    @Override
    public String description() {
        return "epoll-ffm, edge-triggered (EPOLLET): registered once, read until EAGAIN";
    }

    @Override
    public WorkerModel workerModel() {
        return WorkerModel.eventLoops(false);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        return EpollLoop.serve(name(), config, EdgeTriggered::new); // one thread accepts and serves
    }

    /** Edge-triggered: one registration per connection; input events are remembered until read(2) says EAGAIN. */
    static final class EdgeTriggered extends EpollLoop {

        /** Reads per connection per wake, at most (Netty's default too): one fast sender cannot starve the rest. */
        static final int READS_PER_WAKE = 16;
        /** Connections whose socket may hold input that no event will announce again. */
        private final Set<LoopConnection> inputLeft = new LinkedHashSet<>();

        EdgeTriggered(LoopServer<NativeSocket> server) throws IOException {
            super(server);
        }

        /** epoll_ctl ADD, once: input and output, edge-triggered; the kernel's list never changes after. */
        @Override
        protected void watch(LoopConnection c) throws IOException {
            register(c, EPOLLIN | EPOLLOUT | EPOLLET);
        }

        /** An edge: write if output waits for it; note new input, and read it if the session wants it. */
        @Override
        protected void ready(LoopConnection c, int events) {
            if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) {
                inputLeft.add(c);
            }
            if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0 && c.interest() == Next.WRITE) {
                writable(c);
            }
            if (c.interest() == Next.READ && inputLeft.contains(c)) {
                readUntilEagain(c);
            }
        }

        /** Reads until the socket is drained, the session stops wanting input, or the connection had its share. */
        private void readUntilEagain(LoopConnection c) {
            for (int i = 0; i < READS_PER_WAKE && c.interest() == Next.READ; i++) {
                if (readable(c)) { // EAGAIN, end of input, or closed
                    inputLeft.remove(c);
                    return;
                }
            }
            // stopped before EAGAIN: input stays in the socket, and c in inputLeft
        }

        /** Connections with input left that want it now (their output drained, or they had their share): no wait. */
        @Override
        protected boolean hasWorkLeft() {
            return !inputLeft.isEmpty() && inputLeft.stream().anyMatch(c -> c.interest() == Next.READ);
        }

        @Override
        protected void afterEvents() {
            if (inputLeft.isEmpty()) {
                return;
            }
            for (LoopConnection c : List.copyOf(inputLeft)) {
                if (c.interest() == Next.READ) {
                    readUntilEagain(c);
                }
            }
        }

        @Override
        protected void unwatch(LoopConnection c) {
            inputLeft.remove(c);
            super.unwatch(c);
        }
    }
}
