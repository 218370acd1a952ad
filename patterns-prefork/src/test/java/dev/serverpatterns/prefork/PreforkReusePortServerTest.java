package dev.serverpatterns.prefork;

import dev.serverpatterns.testkit.ServerPatternContract;

class PreforkReusePortServerTest extends ServerPatternContract {
    PreforkReusePortServerTest() {
        super(new PreforkReusePortServer());
    }
}
