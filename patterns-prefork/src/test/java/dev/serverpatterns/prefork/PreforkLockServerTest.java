package dev.serverpatterns.prefork;

import dev.serverpatterns.testkit.ServerPatternContract;

class PreforkLockServerTest extends ServerPatternContract {
    PreforkLockServerTest() {
        super(new PreforkLockServer());
    }
}
