package dev.serverpatterns.epoll;

import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.AbstractRunningServer;
import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every Netty design of this family owns and returns as its {@link RunningServer}: one
 * group of N event loops on a native transport (epoll or io_uring, chosen by the
 * {@link IoHandlerFactory} the pattern passes), its listening channels, its {@link Connections},
 * and the pipeline every accepted connection gets: a single {@link NettyConnection}. A pattern's
 * own file then holds only its idea: which transport, and which loops listen on which sockets.
 *
 * <pre>
 * Overview (for implementers).
 * The naive way: Netty's echo example with the protocol written into the handler; no limit on
 * what a slow reader makes the server buffer (Netty's outbound buffer grows without bound), no
 * idle timeout, threads named by Netty and never accounted for at close.
 * The design: the protocol is driven by core's SessionDriver, exactly as in the select loop, so
 * the rules are the same in every family. Netty's outbound buffer is bounded by its high water
 * mark (one chunk, 16 KiB); reads are at most one chunk too, so what one connection holds is
 * bounded as in the other families: the session's output cap, one read, one chunk of output.
 * Each loop has one scratch buffer, lent to the connection it is serving.
 * close(): every loop is shut down (Netty closes every channel on it, listening ones included)
 * within a bounded time; threads that outlive it are named in leftAfterClose().
 * </pre>
 */
final class NettyServer extends AbstractRunningServer {

    /** The most one read takes, and the scratch buffer's size: as in the other event-loop families. */
    static final int CHUNK = 16 * 1024;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String patternName;
    private final ServerConfig config;
    private final Connections connections;
    private final MultiThreadIoEventLoopGroup loops;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<EventExecutor, Integer> slots = new IdentityHashMap<>();
    private final Map<EventExecutor, ByteBuffer> scratch = new IdentityHashMap<>();
    private final List<Channel> listening = new CopyOnWriteArrayList<>();
    private volatile InetSocketAddress address;

    /**
     * Refuses to start where the transport's native library cannot be used (another OS, an old
     * kernel, io_uring disabled by seccomp), with Netty's own reason.
     */
    static void requireTransport(String pattern, String transport, boolean available, Throwable cause)
            throws IOException {
        if (!available) {
            throw new IOException(pattern + " cannot start: Netty's " + transport + " transport is not available here: "
                    + cause, cause);
        }
    }

    /** Starts {@code config.workers()} event loops on {@code handlers}' transport, with nothing listening yet. */
    NettyServer(String patternName, ServerConfig config, IoHandlerFactory handlers) {
        this.patternName = patternName;
        this.config = config;
        this.connections = new Connections(patternName, config.maxConnections(), config.workers());
        var counter = new AtomicInteger();
        this.loops = new MultiThreadIoEventLoopGroup(config.workers(), (Runnable body) -> {
            // Netty's own thread class: its pooled allocator keeps a cache per FastThreadLocalThread
            Thread t = new FastThreadLocalThread(body, "serverpatterns-" + patternName + "-loop-" + counter.getAndIncrement());
            threads.add(t);
            return t;
        }, handlers);
        int slot = 0;
        for (EventExecutor loop : loops) {
            slots.put(loop, slot++);
            // on the heap: Netty copies a byte array into its (direct) buffer as is, where a direct
            // ByteBuffer would first cost a ByteBuffer view of the destination, per write
            scratch.put(loop, ByteBuffer.allocate(CHUNK));
        }
    }

    /** The event loops, in slot order. */
    List<EventLoop> eventLoops() {
        List<EventLoop> list = new ArrayList<>();
        loops.forEach(loop -> list.add((EventLoop) loop));
        return list;
    }

    /**
     * A bootstrap for listening channels of class {@code channel}: each one registered on a loop of
     * {@code acceptors}, and what it accepts served on the loops of {@code servers}.
     */
    ServerBootstrap bootstrap(Class<? extends ServerChannel> channel, EventLoopGroup acceptors, EventLoopGroup servers) {
        return new ServerBootstrap()
                .group(acceptors, servers)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // end of input is a half-close, not a close
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, CHUNK))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(CHUNK / 2, CHUNK))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NettyConnection(NettyServer.this));
                    }
                });
    }

    /** A bootstrap whose listening channel is on one of the loops, and whose connections are dealt to all of them. */
    ServerBootstrap bootstrap(Class<? extends ServerChannel> channel) {
        return bootstrap(channel, loops, loops);
    }

    /**
     * Binds a listening channel made by {@code bootstrap} on the configured address and {@code port}
     * (0: an ephemeral one); on failure closes the whole server and says which address.
     *
     * @return the port bound
     */
    int listen(ServerBootstrap bootstrap, int port) throws IOException {
        var at = new InetSocketAddress(config.bindAddress(), port);
        var bound = bootstrap.bind(at).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            Throwable cause = bound.cause();
            throw (IOException) new BindException("cannot listen on " + at + ": " + cause.getMessage()).initCause(cause);
        }
        listening.add(bound.channel());
        var local = (InetSocketAddress) bound.channel().localAddress();
        if (address == null) {
            address = local;
        }
        return local.getPort();
    }

    String patternName() {
        return patternName;
    }

    ServerConfig config() {
        return config;
    }

    Connections connections() {
        return connections;
    }

    /** The per-worker counter of connections served on {@code loop}. */
    int slotOf(EventExecutor loop) {
        return slots.get(loop);
    }

    /** The scratch buffer of {@code loop}, lent to whichever of its connections is being driven. */
    ByteBuffer scratchOf(EventExecutor loop) {
        return scratch.get(loop);
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public ServerStats stats() {
        return connections.stats();
    }

    @Override
    protected List<String> stop() {
        connections.closeAll(); // refuses anything admitted from now on
        for (Channel c : listening) {
            c.close().awaitUninterruptibly(STOP_TIMEOUT.toMillis());
        }
        // no quiet period: every channel, listening ones included, is closed at once
        loops.shutdownGracefully(0, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(2);
        List<String> left = new ArrayList<>();
        for (Thread t : threads) {
            try {
                if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    left.add(t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                left.add(t.getName());
            }
        }
        return left;
    }
}
