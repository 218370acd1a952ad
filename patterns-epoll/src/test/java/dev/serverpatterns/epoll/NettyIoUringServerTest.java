package dev.serverpatterns.epoll;

import dev.serverpatterns.testkit.ServerPatternContract;
import org.junit.jupiter.api.BeforeAll;

class NettyIoUringServerTest extends ServerPatternContract {
    NettyIoUringServerTest() { super(new NettyIoUringServer()); }

    @BeforeAll
    static void transport() { Transports.requireIoUring(); }
}
