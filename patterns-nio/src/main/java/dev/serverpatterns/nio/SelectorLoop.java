package dev.serverpatterns.nio;

import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.loop.EventLoop;
import dev.serverpatterns.core.loop.LoopConnection;
import dev.serverpatterns.core.loop.LoopServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * An {@link EventLoop} on a java.nio {@link Selector}: Doug Lea's reactor. Each connection's
 * {@link SelectionKey} carries it as the attachment (Lea's handler), the listening channel's key
 * carries the acceptor, and the key's interest set follows what the session driver says next:
 * {@code OP_READ}, {@code OP_WRITE}, or none while a worker owns the session. On Linux the JDK's
 * selector is epoll(7).
 */
final class SelectorLoop extends EventLoop {

    private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());

    private final Selector selector;
    private ServerSocketChannel listener;
    private Consumer<SocketChannel> onAccepted;

    SelectorLoop(LoopServer<?> server, int slot, Offload offload) throws IOException {
        super(server, slot, offload);
        this.selector = Selector.open();
    }

    /**
     * socket(2), SO_REUSEADDR, bind(2), listen(2) on the configured address, non-blocking: a server
     * that has its listening channel and no loop yet.
     *
     * @param workerSlots how many per-worker counters the stats report (one per serving loop)
     */
    static LoopServer<ServerSocketChannel> listen(String pattern, ServerConfig config, int workerSlots)
            throws IOException {
        var address = new InetSocketAddress(config.bindAddress(), config.port());
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, config.backlog());
            channel.configureBlocking(false);
            return new LoopServer<>(pattern, config, channel, (InetSocketAddress) channel.getLocalAddress(), workerSlots);
        } catch (IOException e) {
            channel.close();
            throw (IOException) new BindException("cannot listen on " + address + ": " + e.getMessage()).initCause(e);
        }
    }

    /** This loop accepts on {@code channel} and hands each admitted connection to {@code onAccepted}; before it runs. */
    void accept(ServerSocketChannel channel, Consumer<SocketChannel> onAccepted) throws IOException {
        this.listener = channel;
        this.onAccepted = onAccepted;
        channel.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Serves {@code channel} on this loop; see {@link #adopt}. */
    void adopt(SocketChannel channel) {
        adopt(channel, remote(channel));
    }

    /** Serves {@code channel} on this loop, handed over from another loop's thread. */
    void handOver(SocketChannel channel) {
        handOver(channel, remote(channel));
    }

    @Override
    protected void watch(LoopConnection c) throws IOException {
        SocketChannel channel = (SocketChannel) c.channel();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.register(selector, 0, c);
    }

    @Override
    protected void interestChanged(LoopConnection c) {
        SelectionKey key = ((SocketChannel) c.channel()).keyFor(selector);
        if (key != null && key.isValid()) {
            key.interestOps(c.interest() == null ? 0
                    : switch (c.interest()) {
                        case READ -> SelectionKey.OP_READ;
                        case WRITE -> SelectionKey.OP_WRITE;
                        case CLOSE -> 0;
                    });
        }
    }

    @Override
    protected void unwatch(LoopConnection c) {
        SelectionKey key = ((SocketChannel) c.channel()).keyFor(selector);
        if (key != null) {
            key.cancel();
        }
    }

    @Override
    protected void awaitReady(long timeoutMillis) throws IOException {
        if (timeoutMillis == 0) {
            selector.selectNow(this::dispatch);
        } else {
            selector.select(this::dispatch, Math.max(0, timeoutMillis)); // 0 here: no limit
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof LoopConnection c) {
            if (key.isReadable()) {
                readable(c);
            } else if (key.isWritable()) {
                writable(c);
            }
        } else if (key.isAcceptable()) {
            acceptReady();
        }
    }

    private void acceptReady() {
        acceptWaiting(listener::accept, onAccepted);
    }

    @Override
    protected void watchListener(boolean watch) {
        SelectionKey key = listener.keyFor(selector);
        if (key != null && key.isValid()) {
            key.interestOps(watch ? SelectionKey.OP_ACCEPT : 0);
        }
    }

    @Override
    protected void wakeup() {
        selector.wakeup();
    }

    @Override
    protected void closeResources() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the selector", e);
        }
    }

    private static Object remote(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return channel;
        }
    }
}
