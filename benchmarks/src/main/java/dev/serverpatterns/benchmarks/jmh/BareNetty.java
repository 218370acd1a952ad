package dev.serverpatterns.benchmarks.jmh;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The second reference beside the C {@link Yardstick}: a bare Netty echo server, the shape of
 * Netty's {@code example/echo} (one event loop on the native epoll transport, a handler that writes
 * back what it reads and flushes once per read batch), with no protocol layer, no limits, no
 * timers. The patterns of the Netty family run the same transport under core's session driver;
 * the distance between their rows and this one is what the project's protocol layer costs.
 *
 * <p>Run by the suite in its own JVM, like a pattern: {@code java -cp ... BareNetty PORT} prints
 * {@code serving bare-netty (echo) on 127.0.0.1:PORT} and serves until SIGTERM.
 */
public final class BareNetty {

    /** The name it answers to, in {@code @Param} lists and in the reports. */
    public static final String NAME = "bare-netty";

    private BareNetty() {
    }

    /** Why it cannot run here (Netty's epoll transport cannot load), or null. */
    public static String unavailableReason() {
        return Epoll.isAvailable() ? null
                : "Netty's epoll transport is not available here, so there is no bare-Netty row: "
                        + Epoll.unavailabilityCause();
    }

    /** The command that starts it on an ephemeral port, in a JVM like this one. */
    static List<String> command() {
        return List.of(ServerLaunch.currentJava(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), BareNetty.class.getName(), "0");
    }

    /** Netty's {@code EchoServerHandler}: write back what was read, flush when the read batch ends. */
    @Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        var group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Channel listening = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childHandler(new Echo())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
        int bound = ((InetSocketAddress) listening.localAddress()).getPort();
        System.out.println("serving " + NAME + " (echo) on 127.0.0.1:" + bound);
        System.out.flush();
        listening.closeFuture().sync(); // until SIGTERM ends the JVM
    }
}
