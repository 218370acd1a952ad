package dev.serverpatterns.nio;

import dev.serverpatterns.testkit.ServerPatternContract;

class PollServerTest extends ServerPatternContract {
    PollServerTest() { super(new PollServer()); }
}
