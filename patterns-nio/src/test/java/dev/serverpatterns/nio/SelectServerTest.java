package dev.serverpatterns.nio;

import dev.serverpatterns.testkit.ServerPatternContract;

class SelectServerTest extends ServerPatternContract {
    SelectServerTest() { super(new SelectServer()); }
}
