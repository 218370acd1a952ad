package dev.serverpatterns.nio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.testkit.ServerPatternContract;
import dev.serverpatterns.testkit.TestClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SelectServerTest extends ServerPatternContract {

    SelectServerTest() { super(new SelectServer()); }

    /**
     * select(2) can watch descriptors 0 to FD_SETSIZE - 1 (1024) only. Clients here live in the
     * test's own process, so descriptors run out at about half as many connections: the server
     * must refuse the first connection whose descriptor is 1024 or more (close it, count it), never
     * set a bit past its fd_set, and go on serving the others.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void atFdSetSizeTheNextConnectionIsRefusedCleanlyAndTheOthersAreStillServed() throws Exception {
        List<TestClient> clients = new ArrayList<>();
        try (RunningServer server = start()) {
            TestClient refused = null;
            for (int i = 0; i < SelectServer.FD_SETSIZE && refused == null; i++) {
                TestClient client = TestClient.connect(server.address());
                clients.add(client);
                client.socket().setSoTimeout(5_000);
                try {
                    assertThat(client.echo("x\n")).isEqualTo("x\n");
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("connection " + i + " was neither served nor refused within 5 s", e);
                } catch (IOException e) { // closed (or reset) by the server: refused
                    refused = client;
                }
            }
            assertThat(refused).as("a connection past descriptor 1024 is refused, within %d connections",
                    SelectServer.FD_SETSIZE).isNotNull();
            assertThat(server.stats().refused()).as("refusals counted").isPositive();
            assertThat(clients.size()).as("connections served before the limit").isGreaterThan(400);
            TestClient first = clients.getFirst();
            assertThat(first.echo("still here\n")).as("the first client is still served").isEqualTo("still here\n");
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
    }
}
