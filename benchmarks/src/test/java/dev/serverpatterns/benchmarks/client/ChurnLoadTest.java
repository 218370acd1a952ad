package dev.serverpatterns.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChurnLoadTest {

    private static final LoadLimits QUICK = new LoadLimits(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMillis(500));

    @Test
    void makesExactlyChildrenTimesConnectionsAgainstARealPattern() throws Exception {
        var config = ServerConfig.builder().protocol("bytes").build();
        try (RunningServer server = ServerPatterns.byName("thread-per-client").start(config)) {
            LoadResult result = new ChurnLoad(server.address(), 4, 25, 4000, Duration.ofSeconds(20), QUICK).run();

            assertThat(result.firstErrors()).isEmpty();
            assertThat(result.errors()).isZero();
            assertThat(result.planned()).isEqualTo(100);
            assertThat(result.completed()).isEqualTo(100);
            assertThat(result.unfinished()).isZero();
            assertThat(result.succeeded()).isTrue();
            assertThat(result.latency().getTotalCount()).isEqualTo(100);
            assertThat(result.perSecond()).isPositive();
            // the server counts a reply's bytes once its write returns, which may be after the client read them
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(server.stats().bytesOut()).isEqualTo(100 * 4000));
        }
    }

    @Test
    void aTimedRunMakesConnectionsUntilItsTimeLimit() throws Exception {
        var config = ServerConfig.builder().protocol("bytes").build();
        try (RunningServer server = ServerPatterns.byName("iterative").start(config)) {
            long start = System.nanoTime();
            LoadResult result = ChurnLoad.timed(server.address(), 2, 100, Duration.ofMillis(500), QUICK).run();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(result.errors()).isZero();
            assertThat(result.completed()).isPositive();
            assertThat(result.planned()).isZero();
            assertThat(result.succeeded()).isTrue();
        }
    }

    @Test
    void aShortReplyIsAnErrorThatSaysHowShort() throws Exception {
        try (var server = new FakeServer(client -> {
            FakeServer.readLine(client);
            client.getOutputStream().write(filled(1200, (byte) 'x'));
        })) {
            LoadResult result = new ChurnLoad(server.address(), 2, 3, 4096, Duration.ofSeconds(10), QUICK).run();

            assertThat(result.errors()).isEqualTo(6);
            assertThat(result.completed()).isZero();
            assertThat(result.succeeded()).isFalse();
            assertThat(result.firstErrors()).first().asString()
                    .matches("child \\d: connection \\d: server closed the connection after 1200 of 4096 bytes");
        }
    }

    @Test
    void garbageIsAnErrorThatSaysWhereAndWhat() throws Exception {
        try (var server = new FakeServer(client -> {
            FakeServer.readLine(client);
            OutputStream out = client.getOutputStream();
            out.write(filled(17, (byte) 'x'));
            out.write("error: count above the maximum\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            LoadResult result = new ChurnLoad(server.address(), 1, 1, 4096, Duration.ofSeconds(10), QUICK).run();

            assertThat(result.errors()).isEqualTo(1);
            assertThat(result.firstErrors()).singleElement().asString()
                    .contains("reply differs at byte 17: expected 'x' (0x78), got \"error: count above the maximum\"");
        }
    }

    @Test
    void aServerThatNeverAnswersFailsEachConnectionAtTheReadTimeout() throws Exception {
        var limits = new LoadLimits(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(500));
        try (var server = new FakeServer(FakeServer::neverAnswer)) {
            LoadResult result = new ChurnLoad(server.address(), 2, 2, 100, Duration.ofSeconds(10), limits).run();

            assertThat(result.errors()).isEqualTo(4);
            assertThat(result.firstErrors()).allSatisfy(error -> assertThat(error)
                    .contains("no reply within the 200 ms read timeout: 0 of 100 bytes received"));
        }
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAtTheDeadline() throws Exception {
        var limits = new LoadLimits(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofMillis(300));
        try (var server = new FakeServer(FakeServer::neverAnswer)) {
            long start = System.nanoTime();
            LoadResult result = new ChurnLoad(server.address(), 3, 10, 100, Duration.ofMillis(300), limits).run();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(result.errors()).isEqualTo(3);
            assertThat(result.completed()).isZero();
            assertThat(result.unfinished()).isEqualTo(27);
            assertThat(result.firstErrors()).allSatisfy(error -> assertThat(error)
                    .contains("connection 1: no reply by the deadline: 0 of 100 bytes received"));
        }
    }

    @Test
    void aRefusedConnectionNamesTheAddress() throws Exception {
        var closed = closedPort();
        LoadResult result = new ChurnLoad(closed, 1, 2, 100, Duration.ofSeconds(5), QUICK).run();

        assertThat(result.errors()).isEqualTo(2);
        assertThat(result.firstErrors()).first().asString()
                .contains("connect to 127.0.0.1:" + closed.getPort() + " failed: Connection refused");
    }

    @Test
    void aChildBacksOffAfterAFailureInsteadOfStormingAServerThatWentAway() throws Exception {
        var closed = closedPort();
        LoadResult result = ChurnLoad.timed(closed, 2, 100, Duration.ofSeconds(1), QUICK).run();

        // 10, 20, 40 ... 640 ms between one child's attempts: 8 in the first 1.3 s, not thousands
        assertThat(result.errors()).isBetween(2L, 2L * 9);
        assertThat(result.completed()).isZero();
    }

    @Test
    void measuresTheServersCpuClockOverTheWindowOnly() throws Exception {
        var config = ServerConfig.builder().protocol("bytes").build();
        AtomicLong clock = new AtomicLong();
        try (RunningServer server = ServerPatterns.byName("thread-per-client").start(config)) {
            LoadResult result = ChurnLoad.timed(server.address(), 2, 100, Duration.ofMillis(300), QUICK)
                    .run(Duration.ofMillis(200), progress -> { }, () -> clock.addAndGet(1_000_000));

            assertThat(result.serverCpuNanos()).as("read once when the window opens, once when it ends")
                    .isEqualTo(1_000_000);
            assertThat(result.serverCpuMicrosPerOperation()).isEqualTo(1000.0 / result.completed());
            assertThat(result.elapsed()).isEqualTo(Duration.ofMillis(300));
            assertThat(server.stats().accepted()).as("the warm-up's connections were made, not counted")
                    .isGreaterThan(result.completed());
        }
    }

    @Test
    void refusesParametersItCannotHonour() {
        var address = new InetSocketAddress("127.0.0.1", 2000);
        assertThatThrownBy(() -> new ChurnLoad(address, 0, 1, 100, Duration.ofSeconds(1), QUICK))
                .hasMessage("children must be 1-1000, got 0");
        assertThatThrownBy(() -> new ChurnLoad(address, 1, 1, 17 << 20, Duration.ofSeconds(1), QUICK))
                .hasMessageStartingWith("bytes must be 1-16777216");
    }

    static InetSocketAddress closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }
    }

    static byte[] filled(int n, byte b) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, b);
        return bytes;
    }
}
