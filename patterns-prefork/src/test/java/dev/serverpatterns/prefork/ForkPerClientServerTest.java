package dev.serverpatterns.prefork;

import dev.serverpatterns.testkit.ServerPatternContract;

class ForkPerClientServerTest extends ServerPatternContract {
    ForkPerClientServerTest() {
        super(new ForkPerClientServer());
    }
}
