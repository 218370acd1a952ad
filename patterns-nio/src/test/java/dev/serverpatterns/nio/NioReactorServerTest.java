package dev.serverpatterns.nio;

import dev.serverpatterns.testkit.ServerPatternContract;

class NioReactorServerTest extends ServerPatternContract {
    NioReactorServerTest() { super(new NioReactorServer()); }
}
