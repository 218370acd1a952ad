package dev.serverpatterns.epoll;

import dev.serverpatterns.core.ConnectionLog;
import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.session.SessionDriver.Next;
import dev.serverpatterns.core.session.SessionDriver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.Future;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a Netty server of this family: the last handler of its pipeline, which hands
 * what Netty read to the connection's {@link SessionDriver} and hands what the driver produces back
 * to Netty. The driver owns the protocol's rules (back-pressure, half-close, failures, timers);
 * this class only translates them into Netty's terms:
 * <ul>
 *   <li>input: Netty's {@link ByteBuf} is read through a {@link ByteBuffer} view of its memory, no
 *       copy; the driver copies only what the session cannot take yet;</li>
 *   <li>output: the driver's sink writes into a pooled buffer (the one the input came in, once the
 *       driver has taken it) while the channel is writable, never beyond Netty's high water mark;
 *       what the channel cannot take yet stays in the driver;</li>
 *   <li>back-pressure: while the driver says {@link Next#WRITE}, auto-read is off (Netty stops
 *       watching the socket for input); {@code channelWritabilityChanged} resumes the flush;</li>
 *   <li>timers: one task per connection on its loop, for the idle timeout (re-armed only when it
 *       fires, so not per message) and, when the session asks, for a pause in input.</li>
 * </ul>
 * Every method runs on the connection's event loop, except {@link #close()}, which asks Netty to
 * close the channel from any thread. It is the {@link Closeable} that {@link Connections} admits.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements Closeable {

    private final NettyServer server;
    private final Connections connections;
    private final Duration idleTimeout;
    private final SessionDriver driver;
    private final SessionDriver.OutputSink sink = this::write;
    private ChannelHandlerContext ctx;
    private Channel channel;
    private ByteBuffer scratch; // the loop's, lent while this connection is driven
    private ByteBuf spare; // while a read is driven: the buffer it came in, free for the reply
    private Future<?> idleTimer;
    private Future<?> pauseTimer;
    private boolean closed;
    private boolean ended;
    private boolean idle;

    NettyConnection(NettyServer server) {
        this.server = server;
        this.connections = server.connections();
        this.idleTimeout = server.config().idleTimeout();
        this.driver = new SessionDriver(server.config().sessions().get());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        if (!connections.admit(this)) {
            closed = ended = true; // refused at max connections (admit closed it and logged it)
            return;
        }
        connections.countServedBy(server.slotOf(channel.eventLoop()));
        connections.log().connected(channel.remoteAddress());
        scratch = server.scratchOf(channel.eventLoop());
        armIdleTimer(idleTimeout.toNanos());
        settle();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        int n = in.readableBytes();
        connections.countIn(n);
        long now = System.nanoTime(); // once for the read and its reply: the driver would read it twice
        spare = in;
        try {
            // a view of Netty's own (pooled, direct) memory: the session reads it in place
            driver.received(in.nioBufferCount() == 1 ? in.internalNioBuffer(in.readerIndex(), n) : in.nioBuffer(), now);
            // the driver took every byte (into the session), so the buffer is free: the reply is
            // written into it (see write), as Netty's echo writes back the buffer it read, rather
            // than into a second pooled buffer allocated, filled and released per message
            in.clear();
            flushDriver(now); // written now, flushed to the socket once per read batch, in channelReadComplete
        } finally {
            if (spare != null) { // not used for output
                spare.release();
                spare = null;
            }
        }
        settle();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) { // the peer half-closed (ALLOW_HALF_CLOSURE)
            driver.endOfInput();
            drive();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && !closed) {
            drive(); // Netty's buffer drained below the low water mark: move on what the driver holds
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closed) { // a reset, a broken pipe: ordinary, logged at DEBUG
            connections.log().failed(channel.remoteAddress(), cause);
            end();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end();
    }

    /** Any thread: asks Netty to close the channel (what {@link Connections#release} and close-all call). */
    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    // Driving ------------------------------------------------------------------------------------

    /** Moves output from the driver to Netty's buffer, then to the socket; then does what the driver says. */
    private void drive() {
        flushDriver(System.nanoTime());
        ctx.flush();
        settle();
    }

    private void flushDriver(long nowNanos) {
        try {
            driver.flush(scratch, sink, nowNanos);
        } catch (IOException e) {
            throw new AssertionError("this sink does not throw", e);
        }
    }

    /**
     * The driver's sink: takes what Netty may buffer before the channel turns unwritable (the high
     * water mark), copied into a direct buffer (the one just read from, if it is free and large
     * enough), since the scratch buffer is reused at once. Zero while the channel is unwritable:
     * the driver keeps the rest and says {@link Next#WRITE}.
     */
    private int write(ByteBuffer src) {
        int n = (int) Math.min(src.remaining(), channel.bytesBeforeUnwritable());
        if (n <= 0) {
            return 0;
        }
        ByteBuf out;
        if (spare != null && spare.capacity() >= n) {
            out = spare;
            spare = null; // Netty owns it now, and releases it once written
        } else {
            out = ctx.alloc().directBuffer(n);
        }
        if (src.hasArray()) { // the scratch buffer, or what the driver held: copied with no view made
            out.writeBytes(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.position() + n);
        } else {
            int limit = src.limit();
            out.writeBytes(src.limit(src.position() + n));
            src.limit(limit);
        }
        ctx.write(out, ctx.voidPromise());
        connections.countOut(n);
        return n;
    }

    /** Watches the channel for what the driver says next: input (auto-read on), output only, or close. */
    private void settle() {
        if (closed) {
            return;
        }
        Next next = driver.next();
        if (next == Next.CLOSE) {
            closed = true;
            if (driver.failure() != null) {
                connections.log().protocolFailed(channel.remoteAddress(), driver.failure());
            }
            // after everything written so far has reached the socket
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean wantInput = next == Next.READ;
        if (channel.config().isAutoRead() != wantInput) {
            channel.config().setAutoRead(wantInput);
        }
        long pause = driver.inputPauseDeadline();
        if (pause != Long.MAX_VALUE && pauseTimer == null) {
            pauseTimer = channel.eventLoop().schedule(this::inputPaused, pause - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private void inputPaused() {
        pauseTimer = null;
        if (!closed) {
            driver.checkInputPause(System.nanoTime()); // nothing, if input came since: settle() re-arms
            drive();
        }
    }

    // The idle timeout -----------------------------------------------------------------------------

    private void armIdleTimer(long delayNanos) {
        if (!idleTimeout.isZero()) {
            idleTimer = channel.eventLoop().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (driver.isIdle(now, idleTimeout)) {
            idle = true;
            closed = true;
            channel.close(); // now: a peer that takes none of our output is not waited for
        } else {
            armIdleTimer(driver.lastActivity() + idleTimeout.toNanos() - now);
        }
    }

    /** The channel is closed (by us, the peer, or the server's close): log it and give back its slot. */
    private void end() {
        if (channel == null || ended) {
            return;
        }
        closed = ended = true;
        for (Future<?> timer : new Future<?>[] {idleTimer, pauseTimer}) {
            if (timer != null) {
                timer.cancel(false); // a closed connection is not kept in the loop's timer queue
            }
        }
        ConnectionLog log = connections.log();
        Object peer = channel.remoteAddress();
        if (idle) {
            idle = false;
            if (driver.next() == Next.WRITE) {
                log.writeStalled(peer, idleTimeout);
            } else {
                log.idleClosed(peer, idleTimeout);
            }
        }
        connections.release(this); // idempotent: counted once
        log.closed(peer);
    }
}
