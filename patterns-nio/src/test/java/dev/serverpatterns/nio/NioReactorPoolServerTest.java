package dev.serverpatterns.nio;

import dev.serverpatterns.testkit.ServerPatternContract;

class NioReactorPoolServerTest extends ServerPatternContract {
    NioReactorPoolServerTest() { super(new NioReactorPoolServer()); }
}
