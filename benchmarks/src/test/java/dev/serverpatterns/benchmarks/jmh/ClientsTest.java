package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.core.ServerStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JMH-only load generators against an in-process server (no child JVM: these test the clients). */
@Timeout(60)
class ClientsTest {

    private static RunningServer serve(String protocol) throws IOException {
        return ServerPatterns.byName("thread-per-client").start(ServerConfig.builder().protocol(protocol).build());
    }

    @Test
    void bulkStreamsWholeMessages() throws IOException {
        try (RunningServer server = serve("echo");
             BulkClient client = new BulkClient(server.address(), 64 * 1024, 4, Duration.ofSeconds(5))) {
            for (int i = 0; i < 100; i++) {
                client.message();
            }
            // the server counts bytes once its write returns, which may be after the client read them
            // the client streams ahead of what it has read (its window), so the server may hold more
            // than the 101 messages; but once quiet, it has echoed exactly what it received
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                ServerStats stats = server.stats();
                assertThat(stats.bytesIn()).isGreaterThanOrEqualTo(101L * 64 * 1024);
                assertThat(stats.bytesOut()).as("every byte received echoed once").isEqualTo(stats.bytesIn());
            });
        }
    }

    @Test
    void idleConnectionsAreServedOnceThenSilent() throws IOException {
        try (RunningServer server = serve("echo");
             IdleConnections idle = new IdleConnections(server.address(), 200, Duration.ofSeconds(5))) {
            assertThat(idle.size()).isEqualTo(200);
            assertThat(server.stats().active()).isEqualTo(200);
            assertThat(idle.closedByServer()).isZero();
        }
    }

    @Test
    void aSilentServerFailsTheCallInsteadOfHangingIt() throws IOException {
        // a listener that never accepts: connects succeed (the backlog), nothing is ever echoed
        try (ServerSocket mute = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) mute.getLocalSocketAddress();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> new BulkClient(address, 64 * 1024, 4, Duration.ofSeconds(1)).close())
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> new IdleConnections(address, 3, Duration.ofSeconds(1)).close())
                    .isInstanceOf(IOException.class).hasMessageContaining("held 0 of 3 idle connections");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
