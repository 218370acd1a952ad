package dev.serverpatterns.epoll;

import dev.serverpatterns.testkit.ServerPatternContract;

class EpollFfmServerTest extends ServerPatternContract {
    EpollFfmServerTest() { super(new EpollFfmServer()); }
}
