package dev.serverpatterns.epoll;

import dev.serverpatterns.testkit.ServerPatternContract;
import org.junit.jupiter.api.BeforeAll;

class NettyEpollReusePortServerTest extends ServerPatternContract {
    NettyEpollReusePortServerTest() { super(new NettyEpollReusePortServer()); }

    @BeforeAll
    static void transport() { Transports.requireEpoll(); }
}
