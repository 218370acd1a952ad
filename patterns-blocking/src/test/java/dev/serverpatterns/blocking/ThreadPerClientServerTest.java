package dev.serverpatterns.blocking;

import dev.serverpatterns.testkit.ServerPatternContract;

class ThreadPerClientServerTest extends ServerPatternContract {
    ThreadPerClientServerTest() { super(new ThreadPerClientServer()); }
}
