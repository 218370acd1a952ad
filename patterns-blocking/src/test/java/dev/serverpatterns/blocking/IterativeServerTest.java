package dev.serverpatterns.blocking;

import dev.serverpatterns.testkit.ServerPatternContract;

class IterativeServerTest extends ServerPatternContract {
    IterativeServerTest() { super(new IterativeServer()); }
}
