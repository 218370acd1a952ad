package dev.serverpatterns.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The clients as JMH drives them: one operation per call, and the first failure thrown. */
@Timeout(60)
class JmhModeTest {

    private static RunningServer serve(String pattern, String protocol) throws IOException {
        return ServerPatterns.byName(pattern).start(ServerConfig.builder().protocol(protocol).build());
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    }

    @Test
    void pingPongCompletesOneRoundTripPerCall() throws IOException {
        try (RunningServer server = serve("thread-per-client", "echo");
             PingPongClient client = new PingPongClient(server.address(), 8, 64, Duration.ofSeconds(5))) {
            Histogram h = histogram();
            for (int i = 0; i < 500; i++) {
                client.roundTrip(h);
            }
            assertThat(client.connections()).isEqualTo(8);
            assertThat(h.getTotalCount()).isEqualTo(500);
            assertThat(h.getMaxValue()).isPositive();
            // the server's counters may trail what the client has already seen
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(server.stats().accepted()).isEqualTo(8);
                assertThat(server.stats().bytesIn()).isBetween(64L * 500, 64L * (500 + 8));
            });
        }
    }

    @Test
    void churnCompletesOneConnectionPerCall() throws IOException {
        // a fixed pool: no thread is started per connection while close() runs
        try (RunningServer server = serve("prethreaded-accept", "bytes");
             ChurnClient client = new ChurnClient(server.address(), 5, 4000, Duration.ofSeconds(5))) {
            Histogram h = histogram();
            for (int i = 0; i < 200; i++) {
                client.connection(h);
            }
            assertThat(client.completed()).isEqualTo(200);
            assertThat(h.getTotalCount()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(server.stats().bytesOut()).as("200 replies, and at most the 5 in flight")
                            .isBetween(200L * 4000, 205L * 4000));
        }
    }

    @Test
    void aSilentServerFailsTheCallAtTheStallTimeoutInsteadOfHangingIt() throws IOException {
        // a listener that never accepts: connects succeed (the backlog), nothing is ever echoed
        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             PingPongClient client = new PingPongClient((InetSocketAddress) mute.getLocalSocketAddress(), 2, 64,
                     Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.roundTrip(histogram()))
                    .isInstanceOf(SelectorClient.LoadFailed.class)
                    .hasMessageMatching("connection \\d: no reply within the 300 ms read timeout: 0 of 64 bytes received");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRefusedConnectFailsNamingTheAddress() throws IOException {
        InetSocketAddress closed = ChurnLoadTest.closedPort();
        assertThatThrownBy(() -> {
            try (ChurnClient client = new ChurnClient(closed, 2, 100, Duration.ofSeconds(1))) {
                client.connection(histogram());
            }
        })
                .isInstanceOf(SelectorClient.LoadFailed.class)
                .hasMessage("child 1: connection 1: connect to 127.0.0.1:" + closed.getPort()
                        + " failed: Connection refused");
        assertThatThrownBy(() -> new PingPongClient(closed, 1, 64, Duration.ofSeconds(1)).close())
                .isInstanceOf(SelectorClient.LoadFailed.class)
                .hasMessageStartingWith("connection 1: connect to 127.0.0.1:" + closed.getPort() + " failed");
    }
}
