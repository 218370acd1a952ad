package dev.serverpatterns.prefork;

import dev.serverpatterns.testkit.ServerPatternContract;

class PreforkFdPassingServerTest extends ServerPatternContract {
    PreforkFdPassingServerTest() {
        super(new PreforkFdPassingServer());
    }
}
