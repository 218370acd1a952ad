package dev.serverpatterns.blocking;

import dev.serverpatterns.testkit.ServerPatternContract;

class VirtualThreadPerClientServerTest extends ServerPatternContract {
    VirtualThreadPerClientServerTest() { super(new VirtualThreadPerClientServer()); }
}
