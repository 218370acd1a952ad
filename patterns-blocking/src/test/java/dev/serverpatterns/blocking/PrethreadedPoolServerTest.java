package dev.serverpatterns.blocking;

import dev.serverpatterns.testkit.ServerPatternContract;

class PrethreadedPoolServerTest extends ServerPatternContract {
    PrethreadedPoolServerTest() { super(new PrethreadedPoolServer()); }
}
