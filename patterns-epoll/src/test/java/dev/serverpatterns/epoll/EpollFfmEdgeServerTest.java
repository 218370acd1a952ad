package dev.serverpatterns.epoll;

import dev.serverpatterns.testkit.ServerPatternContract;

class EpollFfmEdgeServerTest extends ServerPatternContract {
    EpollFfmEdgeServerTest() { super(new EpollFfmEdgeServer()); }
}
