package dev.serverpatterns.nio;

import dev.serverpatterns.testkit.ServerPatternContract;

class NioMultiReactorServerTest extends ServerPatternContract {
    NioMultiReactorServerTest() { super(new NioMultiReactorServer()); }
}
