package dev.serverpatterns.prefork;

import dev.serverpatterns.testkit.ServerPatternContract;

class PreforkAcceptServerTest extends ServerPatternContract {
    PreforkAcceptServerTest() {
        super(new PreforkAcceptServer());
    }
}
