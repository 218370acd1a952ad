package dev.serverpatterns.epoll;

import dev.serverpatterns.testkit.ServerPatternContract;
import org.junit.jupiter.api.BeforeAll;

class NettyEpollServerTest extends ServerPatternContract {
    NettyEpollServerTest() { super(new NettyEpollServer()); }

    @BeforeAll
    static void transport() { Transports.requireEpoll(); }
}
