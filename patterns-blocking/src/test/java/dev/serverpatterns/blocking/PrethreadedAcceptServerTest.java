package dev.serverpatterns.blocking;

import dev.serverpatterns.testkit.ServerPatternContract;

class PrethreadedAcceptServerTest extends ServerPatternContract {
    PrethreadedAcceptServerTest() { super(new PrethreadedAcceptServer()); }
}
